/// Turns what a user pastes into an IPTV player's login form (a server URL, a username, a password) into a
/// ``ProbeTarget``, with warnings about anything that may explain a failed login.
///
/// Accepted URL forms: `host`, `host:port[/path]` (http is assumed), `http://` and `https://` URLs with an
/// optional base path, pasted endpoints (`/get.php`, `/player_api.php`, `/panel_api.php`, `/xmltv.php`) with
/// `username=` / `password=` in the query, pasted stream URLs (`/live/U/P/ID.ts`, `/movie/...`, `/series/...`,
/// `/timeshift/...` and the short `/U/P/ID.ts`), `user:pass@host` userinfo and bracketed IPv6 literals.
/// Credentials are never altered: suspicious characters in them only produce warnings.
public enum TargetParser {
    /// Parses a server URL and the optional credentials given next to it.
    ///
    /// - Parameters:
    ///   - url: the server URL as pasted.
    ///   - username: the username given separately, if any; it must match one carried by the URL.
    ///   - password: the password given separately, if any; it must match one carried by the URL.
    /// - Throws: ``InputError`` with a message that says what is wrong and never contains the password.
    public static func parse(
        url: String,
        username: String? = nil,
        password: String? = nil
    ) throws(InputError) -> ParsedInput {
        var secrets: [String] = []
        if let password { secrets.append(password) }
        do throws(InputError) {
            return try Self.parseCredentials(url: url, username: username, password: password, secrets: &secrets)
        } catch {
            throw Self.scrubbed(error, secrets: secrets)
        }
    }

    // MARK: - Credentials

    private static func parseCredentials(
        url: String,
        username explicitUsername: String?,
        password explicitPassword: String?,
        secrets: inout [String]
    ) throws(InputError) -> ParsedInput {
        let parts = try Self.parseURL(url, secrets: &secrets)
        var username = parts.username
        var password = parts.password
        if let explicit = explicitUsername {
            guard !explicit.isEmpty else { throw InputError("the username is empty") }
            if let fromURL = username, !Self.same(fromURL, explicit) {
                throw InputError(
                    "the username is given twice with different values: once in the URL and once separately"
                )
            }
            username = explicit
        }
        if let explicit = explicitPassword {
            guard !explicit.isEmpty else { throw InputError("the password is empty") }
            if let fromURL = password, !Self.same(fromURL, explicit) {
                throw InputError(
                    "the password is given twice with different values: once in the URL and once separately"
                )
            }
            password = explicit
        }
        if username != nil, password == nil {
            throw InputError("a username was given but no password; give both, or neither for a port check")
        }
        if password != nil, username == nil {
            throw InputError("a password was given but no username; give both, or neither for a port check")
        }
        var warnings = parts.warnings
        if let username { warnings += CredentialScanner.warnings(for: username, field: .username) }
        if let password { warnings += CredentialScanner.warnings(for: password, field: .password) }
        let target = ProbeTarget(
            scheme: parts.scheme,
            host: parts.host,
            port: parts.port,
            basePath: parts.basePath,
            username: username,
            password: password.map(Password.init)
        )
        return ParsedInput(target: target, warnings: warnings)
    }

    /// Exact equality, scalar by scalar (Swift's `==` would call "é" and "e\u{301}" equal).
    private static func same(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.elementsEqual(b.unicodeScalars)
    }

    /// A last line of defence: an error message that somehow contains a known password is replaced.
    private static func scrubbed(_ error: InputError, secrets: [String]) -> InputError {
        let message = Array(error.message.unicodeScalars)
        for secret in secrets {
            let needle = Array(secret.unicodeScalars)
            guard needle.count >= 4, needle.count <= message.count else { continue }
            for start in 0...(message.count - needle.count) where message[start..<(start + needle.count)]
                .elementsEqual(needle)
            {
                return InputError(
                    "the input could not be read (details are hidden because they would show the password)"
                )
            }
        }
        return error
    }

    // MARK: - URL

    private typealias Scalars = ArraySlice<Unicode.Scalar>

    /// The pieces read from the URL field alone.
    private struct URLParts {
        var scheme: ProbeTarget.Scheme
        var host: String
        var port: Int?
        var basePath: String
        var username: String?
        var password: String?
        var warnings: [InputWarning]
    }

    private static let endpoints: Set<String> = ["get.php", "player_api.php", "panel_api.php", "xmltv.php"]

    private static func parseURL(_ raw: String, secrets: inout [String]) throws(InputError) -> URLParts {
        var warnings: [InputWarning] = []

        // Surrounding whitespace (and invisible characters, which are never part of a URL).
        let all = Array(raw.unicodeScalars)
        var lo = all.startIndex
        var hi = all.endIndex
        while lo < hi, Self.isURLTrimmable(all[lo]) { lo += 1 }
        while hi > lo, Self.isURLTrimmable(all[hi - 1]) { hi -= 1 }
        guard lo < hi else {
            throw InputError(
                all.isEmpty
                    ? "the server URL is empty"
                    : "the server URL is empty (it has only spaces or invisible characters)"
            )
        }
        if lo > all.startIndex || hi < all.endIndex {
            warnings.append(
                InputWarning(
                    code: .surroundingWhitespace,
                    message: "the server URL has spaces or invisible characters around it; they were removed",
                    field: .url
                )
            )
        }
        let text = all[lo..<hi]

        // Scheme.
        let scheme: ProbeTarget.Scheme
        var rest: Scalars
        if let separator = Self.schemeSeparator(in: text) {
            let name = text[text.startIndex..<separator]
            guard !name.isEmpty else {
                throw InputError(
                    "the server URL has nothing before '://'; it should start with http:// or https://"
                )
            }
            guard Self.isSchemeName(name) else {
                // Not echoed: with a ':' in it, it may be "user:password" (a password that starts with "//").
                throw InputError(
                    "the text before '://' is not a URL scheme; the server URL should start with http:// or https://"
                )
            }
            let lower = Self.string(name).lowercased()
            switch lower {
            case "http": scheme = .http
            case "https": scheme = .https
            default:
                throw InputError(
                    "the scheme '\(lower)' is not supported: only http and https are "
                        + "(for example http://example.com:8080)"
                )
            }
            rest = text[(separator + 3)...]
        } else {
            try Self.rejectBrokenScheme(text)
            rest = text
            if rest.starts(with: ["/", "/"]) { rest = rest.dropFirst(2) }
            scheme = .http
            warnings.append(
                InputWarning(
                    code: .missingScheme,
                    message: "the server URL has no scheme; http:// was assumed",
                    field: .url
                )
            )
        }

        // Authority, path, query, fragment.
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        let authority = rest[rest.startIndex..<authorityEnd]
        let afterAuthority = rest[authorityEnd...]
        let pathEnd = afterAuthority.firstIndex(where: { $0 == "?" || $0 == "#" }) ?? afterAuthority.endIndex
        let path = afterAuthority[afterAuthority.startIndex..<pathEnd]
        var query: Scalars?
        var fragment: Scalars?
        let tail = afterAuthority[pathEnd...]
        if tail.first == "?" {
            let queryEnd = tail.firstIndex(of: "#") ?? tail.endIndex
            query = tail[(tail.startIndex + 1)..<queryEnd]
            if queryEnd < tail.endIndex { fragment = tail[(queryEnd + 1)...] }
        } else if tail.first == "#" {
            fragment = tail.dropFirst()
        }

        // Userinfo: user[:password]@ before the host (the last '@' of the authority).
        var userinfoUsername: String?
        var userinfoPassword: String?
        var hostPort = authority
        let at = authority.lastIndex(of: "@")
        if let at {
            let userinfo = authority[authority.startIndex..<at]
            hostPort = authority[(at + 1)...]
            if let colon = userinfo.firstIndex(of: ":") {
                userinfoUsername = try Self.decode(userinfo[userinfo.startIndex..<colon], what: "username")
                userinfoPassword = try Self.decode(userinfo[(colon + 1)...], what: "password")
            } else {
                userinfoUsername = try Self.decode(userinfo, what: "username")
            }
            if let password = userinfoPassword { secrets.append(password) }
        }

        // Host and port. When an '@' follows the authority, a user:password@ prefix was probably cut short by a
        // '/', '?' or '#' in the password, so the "host" and "port" may be pieces of the password: never echo them.
        let mayHoldSecret = at == nil && afterAuthority.contains("@")
        let host: String
        let port: Int?
        do throws(InputError) {
            (host, port) = try Self.parseHostPort(hostPort)
        } catch {
            guard mayHoldSecret else { throw error }
            throw InputError(
                "the host or port of the server URL is not valid; if the URL has user:password@ in front of "
                    + "the host, a '/', '?' or '#' in the password must be written as %2F, %3F or %23 "
                    + "(or give the username and password separately)"
            )
        }

        if let fragment, !fragment.isEmpty {
            throw InputError(
                "the server URL contains '#', which starts a fragment that a server URL does not have; "
                    + "if the password contains '#', write it as %23 or give the password separately"
            )
        }

        // Path: trailing slashes, a pasted endpoint or stream URL, then the base path.
        var pathScalars = Array(path)
        var trailingSlash = false
        while pathScalars.last == "/" {
            pathScalars.removeLast()
            trailingSlash = true
        }
        var base = pathScalars[...]
        var pastedEndpoint: String?
        var pathUsername: String?
        var pathPassword: String?
        if !pathScalars.isEmpty {
            // Segments are slices of pathScalars, so cutting segments off is cutting base before the '/'.
            let segments = pathScalars.split(separator: "/", omittingEmptySubsequences: false)
            if segments.count >= 2, let last = segments.last,
                Self.endpoints.contains(Self.string(last).lowercased())
            {
                pastedEndpoint = "the server URL points at /\(Self.string(last)); the server part before it was used"
                base = pathScalars[..<(last.startIndex - 1)]
            } else if let stream = Self.streamCredentials(in: segments) {
                pastedEndpoint = "the server URL is a stream address; the server part before it was used"
                pathUsername = try Self.decode(stream.username, what: "username")
                pathPassword = try Self.decode(stream.password, what: "password")
                if let password = pathPassword { secrets.append(password) }
                base = pathScalars[..<(segments[stream.keep].startIndex - 1)]
            }
        }
        while base.last == "/" {
            base.removeLast()
            trailingSlash = true
        }
        if base.contains("@") {
            // Almost always a user:password@ prefix cut short by a '/' in the password, which would otherwise
            // end up in the base path and in every printed URL.
            throw InputError(
                "the server URL has '@' in its path; if the URL has user:password@ in front of the host, a '/' "
                    + "in the password must be written as %2F (or give the username and password separately)"
            )
        }
        let basePath = URLEncoding.encodePath(Self.string(base))

        // Query: username= and password= (other parameters are ignored; the last occurrence wins, as in PHP).
        var queryUsername: String?
        var queryPassword: String?
        if let query {
            for pair in query.split(separator: "&") {
                guard let equals = pair.firstIndex(of: "=") else { continue }
                let key = Self.string(pair[pair.startIndex..<equals]).lowercased()
                let value = pair[(equals + 1)...]
                if key == "username" {
                    queryUsername = try Self.decode(value, what: "username")
                } else if key == "password" {
                    let password = try Self.decode(value, what: "password")
                    secrets.append(password)
                    queryPassword = password
                }
            }
        }

        // Credentials from the URL: every place that carries them must agree.
        var username = try Self.merge(userinfoUsername, pathUsername, what: "usernames")
        username = try Self.merge(username, queryUsername, what: "usernames")
        var password = try Self.merge(userinfoPassword, pathPassword, what: "passwords")
        password = try Self.merge(password, queryPassword, what: "passwords")
        if username?.isEmpty == true { throw InputError("the username in the URL is empty") }
        if password?.isEmpty == true { throw InputError("the password in the URL is empty") }

        if trailingSlash {
            warnings.append(
                InputWarning(
                    code: .trailingSlash,
                    message: "the server URL ends with '/'; it was removed",
                    field: .url
                )
            )
        }
        if let pastedEndpoint {
            warnings.append(InputWarning(code: .pastedEndpoint, message: pastedEndpoint, field: .url))
        }
        if username != nil || password != nil {
            warnings.append(
                InputWarning(
                    code: .credentialsInURL,
                    message: "the server URL carries credentials; they were taken from it",
                    field: .url
                )
            )
        }
        return URLParts(
            scheme: scheme,
            host: host,
            port: port,
            basePath: basePath,
            username: username,
            password: password,
            warnings: warnings
        )
    }

    /// The index of the "://" that ends a scheme, or nil when the URL has no scheme (a "://" after a '/', '?',
    /// '#' or '@' belongs to a later part of the URL).
    private static func schemeSeparator(in text: Scalars) -> Int? {
        var i = text.startIndex
        while i + 2 < text.endIndex {
            let c = text[i]
            if c == "/" || c == "?" || c == "#" || c == "@" { return nil }
            if c == ":", text[i + 1] == "/", text[i + 2] == "/" { return i }
            i += 1
        }
        return nil
    }

    /// `http:/host`, `https:host`: a scheme that lost its slashes (`http:8080` is host "http", port 8080).
    private static func rejectBrokenScheme(_ text: Scalars) throws(InputError) {
        for name in ["http", "https"] {
            let prefix = Array((name + ":").unicodeScalars)
            guard text.count >= prefix.count,
                Self.string(text.prefix(prefix.count)).lowercased().unicodeScalars.elementsEqual(prefix)
            else { continue }
            let next = text.dropFirst(prefix.count).first
            if let next, Self.isASCIIDigit(next) { return }
            throw InputError(
                "the server URL starts with '\(name):' but not '\(name)://'; write it as \(name)://host:port"
            )
        }
    }

    private static func isSchemeName(_ name: Scalars) -> Bool {
        guard let first = name.first, Self.isASCIILetter(first) else { return false }
        for c in name where !(Self.isASCIILetter(c) || Self.isASCIIDigit(c) || c == "+" || c == "-" || c == ".") {
            return false
        }
        return true
    }

    private static func isURLTrimmable(_ c: Unicode.Scalar) -> Bool {
        c.properties.isWhitespace || CredentialScanner.isInvisible(c)
    }

    private static func merge(_ current: String?, _ new: String?, what: String) throws(InputError) -> String? {
        guard let new else { return current }
        guard let current else { return new }
        guard Self.same(current, new) else { throw InputError("the server URL contains two different \(what)") }
        return current
    }

    private static func decode(_ scalars: Scalars, what: String) throws(InputError) -> String {
        guard let decoded = URLEncoding.percentDecode(Self.string(scalars)) else {
            throw InputError("the \(what) in the server URL has %-escapes that are not valid UTF-8")
        }
        return decoded
    }

    // MARK: - Host and port

    private static func parseHostPort(_ hostPort: Scalars) throws(InputError) -> (String, Int?) {
        guard !hostPort.isEmpty else { throw InputError("the server URL has no host name") }
        if hostPort.first == "[" {
            guard let close = hostPort.firstIndex(of: "]") else {
                throw InputError("the IPv6 address in the server URL has no closing ']'")
            }
            let literal = hostPort[(hostPort.startIndex + 1)..<close]
            if literal.contains("%") {
                throw InputError("IPv6 zone identifiers ('%' in the address) are not supported")
            }
            guard IPv6Literal.isValid(Self.string(literal)) else {
                throw InputError("'[\(Self.shown(literal))]' is not a valid IPv6 address")
            }
            let after = hostPort[(close + 1)...]
            var port: Int?
            if after.first == ":" {
                port = try Self.parsePort(after.dropFirst())
            } else if !after.isEmpty {
                throw InputError(
                    "the server URL has '\(Self.shown(after))' after the IPv6 address, where only :port may follow"
                )
            }
            return (Self.string(literal).lowercased(), port)
        }
        var colons: [Int] = []
        for i in hostPort.indices where hostPort[i] == ":" { colons.append(i) }
        if colons.count > 1 {
            if hostPort.allSatisfy({ $0 == ":" || $0 == "." || $0.properties.isASCIIHexDigit }) {
                throw InputError(
                    "an IPv6 address must be written in brackets, like http://[2001:db8::1]:8080"
                )
            }
            throw InputError("the host and port '\(Self.shown(hostPort))' have more than one ':'")
        }
        let colon = colons.first
        let host = try Self.validateHost(colon.map { hostPort[hostPort.startIndex..<$0] } ?? hostPort)
        let port = try Self.parsePort(colon.map { hostPort[($0 + 1)...] } ?? [])
        return (host, port)
    }

    private static func validateHost(_ scalars: Scalars) throws(InputError) -> String {
        guard !scalars.isEmpty else { throw InputError("the server URL has no host name") }
        var shownHost: String { Self.shown(scalars) }
        for c in scalars {
            if Self.isASCIILetter(c) || Self.isASCIIDigit(c) || c == "-" || c == "." { continue }
            if CredentialScanner.isEdgeWhitespace(c) {
                throw InputError(
                    "the host name '\(shownHost)' contains \(CredentialScanner.describeWhitespace(c)), "
                        + "which is not allowed"
                )
            }
            if CredentialScanner.isInvisible(c) {
                throw InputError(
                    "the host name '\(shownHost)' contains an invisible character \(CredentialScanner.describe(c)), "
                        + "which is not allowed; retype the host name"
                )
            }
            if !c.isASCII {
                throw InputError(
                    "the host name '\(shownHost)' contains the non-ASCII character \(CredentialScanner.describe(c)); "
                        + "use the punycode form of the name (xn--...)"
                )
            }
            let what = Self.isPrintableASCII(c) ? "'\(Character(c))'" : CredentialScanner.describe(c)
            throw InputError(
                "the host name '\(shownHost)' contains \(what), which is not allowed; "
                    + "a host name has only letters, digits, '-' and '.'"
            )
        }
        // Only ASCII letters, digits, '-' and '.' from here on.
        var host = ""
        var previous: Unicode.Scalar = "."
        var numeric = true
        for c in scalars {
            if c == ".", previous == "." {
                throw InputError("the host name '\(shownHost)' has an empty part (a leading '.' or '..')")
            }
            if !Self.isASCIIDigit(c), c != "." { numeric = false }
            host.unicodeScalars.append(("A"..."Z").contains(c) ? Unicode.Scalar(c.value + 32) ?? c : c)
            previous = c
        }
        if numeric, !IPv6Literal.isIPv4(host) {
            throw InputError("'\(shownHost)' is not a valid IPv4 address")
        }
        return host
    }

    private static func parsePort(_ scalars: Scalars) throws(InputError) -> Int? {
        guard !scalars.isEmpty else { return nil }
        guard scalars.allSatisfy(Self.isASCIIDigit) else {
            throw InputError("port '\(Self.shown(scalars))' is not a number")
        }
        let digits = scalars.drop(while: { $0 == "0" })
        var value = 0
        if digits.count <= 5 {
            for digit in digits { value = value * 10 + Int(digit.value - 48) }
        }
        guard digits.count <= 5, (1...65535).contains(value) else {
            throw InputError("port \(Self.shown(scalars)) is out of range (1-65535)")
        }
        return value
    }

    // MARK: - Stream URLs

    private static let streamKinds: Set<String> = ["live", "movie", "series"]
    private static let shortFormExtensions: Set<String> = ["ts", "m3u8", "mp4", "mkv"]

    /// Finds the credentials in a pasted stream URL's path segments (the first segment is the empty one before
    /// the leading '/'). `keep` is how many leading segments form the base path.
    private static func streamCredentials(
        in segments: [Scalars]
    ) -> (keep: Int, username: Scalars, password: Scalars)? {
        let n = segments.count
        func lower(_ i: Int) -> String { Self.string(segments[i]).lowercased() }
        // /live|movie|series/U/P/ID[.ext]
        if n >= 5, Self.streamKinds.contains(lower(n - 4)), Self.isStreamFile(segments[n - 1], extensions: nil) {
            return (n - 4, segments[n - 3], segments[n - 2])
        }
        // /timeshift/U/P/DURATION/START/ID[.ext]
        if n >= 7, lower(n - 6) == "timeshift", !segments[n - 3].isEmpty,
            segments[n - 3].allSatisfy(Self.isASCIIDigit), Self.isStreamFile(segments[n - 1], extensions: nil)
        {
            return (n - 6, segments[n - 5], segments[n - 4])
        }
        // /U/P/ID.ts (only with a numeric ID and a stream extension, so an ordinary path is not mistaken for it)
        if n >= 4, !segments[n - 3].isEmpty, !segments[n - 2].isEmpty,
            Self.isStreamFile(segments[n - 1], extensions: Self.shortFormExtensions)
        {
            return (n - 3, segments[n - 3], segments[n - 2])
        }
        return nil
    }

    /// `123` or `123.ts`: a numeric stream ID with an optional extension (required, and one of `extensions`,
    /// when that set is given).
    private static func isStreamFile(_ segment: Scalars, extensions: Set<String>?) -> Bool {
        let dot = segment.firstIndex(of: ".")
        let id = segment[segment.startIndex..<(dot ?? segment.endIndex)]
        guard !id.isEmpty, id.allSatisfy(Self.isASCIIDigit) else { return false }
        guard let dot else { return extensions == nil }
        let ext = segment[(dot + 1)...]
        guard (1...5).contains(ext.count), ext.allSatisfy({ Self.isASCIILetter($0) || Self.isASCIIDigit($0) })
        else { return false }
        guard let extensions else { return true }
        return extensions.contains(Self.string(ext).lowercased())
    }

    // MARK: - Scalars

    private static func string(_ scalars: Scalars) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    /// A piece of the input for an error message: at most 40 characters, with control, whitespace (other than
    /// the space) and invisible characters written as <U+XXXX>.
    private static func shown(_ scalars: Scalars) -> String {
        var out = ""
        for c in scalars.prefix(40) {
            if c == " " || (!c.properties.isWhitespace && !CredentialScanner.isInvisible(c)
                && c.properties.generalCategory != .control && c.properties.generalCategory != .format)
            {
                out.unicodeScalars.append(c)
            } else {
                var hex = String(c.value, radix: 16, uppercase: true)
                while hex.count < 4 { hex = "0" + hex }
                out += "<U+\(hex)>"
            }
        }
        if scalars.count > 40 { out += "..." }
        return out
    }

    private static func isASCIILetter(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c)
    }

    private static func isASCIIDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
    private static func isPrintableASCII(_ c: Unicode.Scalar) -> Bool { (0x21...0x7E).contains(c.value) }
}
