#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A `player_api.php` login answer (the call without `action`), read tolerantly from any of the
/// Xtream families: XC v2's strings, the re-implementations' integers, XUI.one's `server_info`.
///
/// The password the panel echoes in `user_info.password` is never read into any field.
public struct XtreamLoginResponse: Sendable, Hashable {
    /// `user_info.auth`: true when the panel accepted the credentials, false when it rejected them,
    /// nil when the field is missing or unreadable.
    public var auth: Bool?
    /// `user_info.status`, matched case-insensitively; nil when the panel sent none.
    public var status: AccountStatus?
    /// `user_info.is_trial`, or a "Trial" status.
    public var isTrial: Bool
    /// `user_info.exp_date` in epoch seconds; nil when the account never expires (null, missing, 0 or "").
    public var expiresAt: Int64?
    /// `user_info.active_cons`.
    public var activeConnections: Int?
    /// `user_info.max_connections`; `0` means unlimited.
    public var maxConnections: Int?
    /// `user_info.created_at` in epoch seconds; nil when missing, empty or 0.
    public var createdAt: Int64?
    /// `user_info.message`; nil when missing or empty.
    public var message: String?
    /// `user_info.allowed_output_formats`.
    public var allowedOutputFormats: [String]
    /// `server_info`, nil when missing or not an object.
    public var server: ServerInfo?

    public init(
        auth: Bool? = nil,
        status: AccountStatus? = nil,
        isTrial: Bool = false,
        expiresAt: Int64? = nil,
        activeConnections: Int? = nil,
        maxConnections: Int? = nil,
        createdAt: Int64? = nil,
        message: String? = nil,
        allowedOutputFormats: [String] = [],
        server: ServerInfo? = nil
    ) {
        self.auth = auth
        self.status = status
        self.isTrial = isTrial
        self.expiresAt = expiresAt
        self.activeConnections = activeConnections
        self.maxConnections = maxConnections
        self.createdAt = createdAt
        self.message = message
        self.allowedOutputFormats = allowedOutputFormats
        self.server = server
    }

    /// Decodes a login answer body. Never traps, whatever the bytes.
    ///
    /// - Throws: ``XtreamDecodingError`` when the body is empty, not JSON, not a JSON object, or an object
    ///   without a `user_info` object.
    public static func decode(_ body: [UInt8]) throws(XtreamDecodingError) -> XtreamLoginResponse {
        let range = ByteText.trimmedRange(body)
        guard !range.isEmpty else { throw .empty }
        let decoder = JSONDecoder()
        do {
            return try decoder.decode(Envelope.self, from: Data(body[range])).response
        } catch let error as XtreamDecodingError {
            throw error
        } catch DecodingError.typeMismatch(_, let context) where context.codingPath.isEmpty {
            throw Self.notAnObject(firstByte: body[range.lowerBound])
        } catch DecodingError.valueNotFound(_, let context) where context.codingPath.isEmpty {
            // A top-level `null`.
            throw Self.notAnObject(firstByte: body[range.lowerBound])
        } catch {
            throw .notJSON
        }
    }

    /// The reference clock for expiry: the panel's `timestamp_now`, or `now` when the panel sent none.
    public func referenceTime(now: Int64) -> Int64 {
        self.server?.timestampNow ?? now
    }

    /// The account as reported, with ``AccountInfo/daysLeft`` counted on the panel's clock
    /// (`now` only when the panel sent no `timestamp_now`).
    public func account(now: Int64) -> AccountInfo {
        AccountInfo(
            status: self.status ?? .unknown,
            expiresAt: self.expiresAt,
            isTrial: self.isTrial,
            activeConnections: self.activeConnections,
            maxConnections: self.maxConnections,
            createdAt: self.createdAt,
            message: self.message,
            allowedOutputFormats: self.allowedOutputFormats,
            daysLeft: AccountInfo.daysLeft(expiresAt: self.expiresAt, reference: self.referenceTime(now: now))
        )
    }

    /// The error for valid JSON whose top-level value is not an object, named from its first byte.
    private static func notAnObject(firstByte: UInt8) -> XtreamDecodingError {
        switch firstByte {
        case UInt8(ascii: "["): return XtreamDecodingError("the answer is a JSON array, not an object")
        case UInt8(ascii: "\""): return XtreamDecodingError("the answer is a JSON string, not an object")
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return XtreamDecodingError("the answer is a JSON boolean, not an object")
        case UInt8(ascii: "n"): return XtreamDecodingError("the answer is JSON null, not an object")
        default: return XtreamDecodingError("the answer is a JSON number, not an object")
        }
    }
}

extension XtreamLoginResponse {
    /// The JSON root object; decoding it yields the response or throws ``XtreamDecodingError``.
    private struct Envelope: Decodable {
        var response: XtreamLoginResponse

        enum RootKeys: String, CodingKey {
            case userInfo = "user_info"
            case serverInfo = "server_info"
        }

        /// The `user_info` keys that are read. `username` and `password` are deliberately absent.
        enum UserKeys: String, CodingKey {
            case auth, status, message
            case expDate = "exp_date"
            case isTrial = "is_trial"
            case activeCons = "active_cons"
            case createdAt = "created_at"
            case maxConnections = "max_connections"
            case allowedOutputFormats = "allowed_output_formats"
        }

        init(from decoder: any Decoder) throws {
            // Throws DecodingError.typeMismatch at the root when the JSON is not an object.
            let root = try decoder.container(keyedBy: RootKeys.self)
            guard root.contains(.userInfo) else { throw XtreamDecodingError.noUserInfo }
            if (try? root.decodeNil(forKey: .userInfo)) == true { throw XtreamDecodingError.nullUserInfo }

            var response = XtreamLoginResponse()
            response.server = (try? root.decodeIfPresent(ServerInfo.self, forKey: .serverInfo)) ?? nil

            if let user = try? root.nestedContainer(keyedBy: UserKeys.self, forKey: .userInfo) {
                Self.read(user, into: &response)
            } else if let list = try? root.decode([FlexibleValue].self, forKey: .userInfo), list.isEmpty {
                // PHP encodes an empty array as `[]`: a user_info with nothing in it.
            } else {
                throw XtreamDecodingError.userInfoNotObject
            }
            self.response = response
        }

        private static func read(_ user: KeyedDecodingContainer<UserKeys>, into response: inout XtreamLoginResponse) {
            func field(_ key: UserKeys) -> FlexibleValue? {
                (try? user.decodeIfPresent(FlexibleValue.self, forKey: key)) ?? nil
            }
            response.auth = field(.auth)?.flag
            var trialStatus = false
            if let text = field(.status)?.text, let parsed = AccountStatus.parse(panelText: text) {
                response.status = parsed.status
                trialStatus = parsed.isTrial
            }
            response.isTrial = (field(.isTrial)?.flag ?? false) || trialStatus
            // 0 (and "", already nil) mean "never expires".
            response.expiresAt = field(.expDate)?.integer.flatMap { $0 == 0 ? nil : $0 }
            response.activeConnections = field(.activeCons)?.int
            response.maxConnections = field(.maxConnections)?.int
            response.createdAt = field(.createdAt)?.integer.flatMap { $0 == 0 ? nil : $0 }
            response.message = field(.message)?.text
            response.allowedOutputFormats = Self.formats(user)
        }

        /// `allowed_output_formats` as a list of strings; PHP may send an object (`{"0":"ts","2":"m3u8"}`)
        /// when its array has holes. Anything else is an empty list.
        private static func formats(_ user: KeyedDecodingContainer<UserKeys>) -> [String] {
            if let list = (try? user.decodeIfPresent([FlexibleValue].self, forKey: .allowedOutputFormats)) ?? nil {
                return list.compactMap(\.text)
            }
            if let map = (try? user.decodeIfPresent([String: FlexibleValue].self, forKey: .allowedOutputFormats)) ?? nil {
                let keys = map.keys.sorted { lhs, rhs in
                    switch (Int(lhs), Int(rhs)) {
                    case let (left?, right?): return left < right
                    case (.some, nil): return true
                    case (nil, .some): return false
                    case (nil, nil): return lhs < rhs
                    }
                }
                return keys.compactMap { map[$0]?.text }
            }
            return []
        }
    }
}
