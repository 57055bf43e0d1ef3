internal import CCurl

extension Transfer {
    /// Applies the request's options to the easy handle. Returns false when libcurl refuses an option.
    func configure() -> Bool {
        let h = self.handle
        let request = self.request
        let me = Unmanaged.passUnretained(self).toOpaque()
        var ok = true
        func check(_ code: CURLcode) { if code != CURLE_OK { ok = false } }

        check(xc_easy_setopt_str(h, CURLOPT_URL, request.url))
        check(xc_easy_setopt_ptr(h, CURLOPT_PRIVATE, me))
        check(xc_easy_setopt_ptr(h, CURLOPT_ERRORBUFFER, self.errorBuffer))
        check(xc_easy_setopt_long(h, CURLOPT_NOSIGNAL, 1))
        check(xc_easy_setopt_str(h, CURLOPT_PROTOCOLS_STR, "http,https"))
        check(xc_easy_setopt_str(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"))
        // A fresh connection for every transfer: each measurement includes connection set-up.
        check(xc_easy_setopt_long(h, CURLOPT_FRESH_CONNECT, 1))
        check(xc_easy_setopt_long(h, CURLOPT_FORBID_REUSE, 1))
        check(xc_easy_setopt_long(h, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_1_1)))
        let stageBudget = request.connectTimeout + request.tlsTimeout
            + (request.resolveHost == nil ? request.dnsTimeout : .zero)
        check(xc_easy_setopt_long(h, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(stageBudget)))
        check(xc_easy_setopt_long(h, CURLOPT_TIMEOUT_MS, Self.milliseconds(request.totalTimeout)))
        check(xc_easy_setopt_long(h, CURLOPT_SSL_VERIFYPEER, request.verifyPeer ? 1 : 0))
        check(xc_easy_setopt_long(h, CURLOPT_SSL_VERIFYHOST, request.verifyPeer ? 2 : 0))
        if let caFile = request.caFile { check(xc_easy_setopt_str(h, CURLOPT_CAINFO, caFile)) }
        switch request.ipVersion {
        case .any: break
        case .v4: check(xc_easy_setopt_long(h, CURLOPT_IPRESOLVE, Int(CURL_IPRESOLVE_V4)))
        case .v6: check(xc_easy_setopt_long(h, CURLOPT_IPRESOLVE, Int(CURL_IPRESOLVE_V6)))
        }
        if let ua = request.userAgent { check(xc_easy_setopt_str(h, CURLOPT_USERAGENT, ua)) }
        var headerLines = request.headers
        if case .post(_, let contentType) = request.kind {
            headerLines += ["Content-Type: \(contentType)", "Expect:"]
        }
        if !headerLines.isEmpty {
            check(xc_easy_setopt_slist(h, CURLOPT_HTTPHEADER, self.makeList(headerLines)))
        }
        // An IP-literal host needs no entry (curl does not resolve it), and curl cannot parse one written as
        // `::1:PORT:...`.
        if let target = request.resolveHost, !request.resolvedAddresses.isEmpty,
            !NameResolver.isNumericAddress(String(target.host.drop { $0 == "[" }.reversed().drop { $0 == "]" }.reversed()))
        {
            let addresses = request.resolvedAddresses.map { $0.contains(":") ? "[\($0)]" : $0 }
            let entry = "\(target.host):\(target.port):\(addresses.joined(separator: ","))"
            check(xc_easy_setopt_slist(h, CURLOPT_RESOLVE, self.makeList([entry])))
        }
        if request.maxRedirects > 0 {
            check(xc_easy_setopt_long(h, CURLOPT_FOLLOWLOCATION, 1))
            check(xc_easy_setopt_long(h, CURLOPT_MAXREDIRS, request.maxRedirects))
        }
        switch request.kind {
        case .get:
            break
        case .post(let body, _):
            check(xc_easy_setopt_off_t(h, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)))
            // COPYPOSTFIELDS copies the bytes, so the buffer need not outlive this call. The extra byte keeps
            // the buffer non-empty (a valid pointer) for an empty body.
            var bytes = body
            bytes.append(0)
            bytes.withUnsafeMutableBytes { raw in
                check(xc_easy_setopt_ptr(h, CURLOPT_COPYPOSTFIELDS, raw.baseAddress))
            }
        case .connectOnly:
            check(xc_easy_setopt_long(h, CURLOPT_CONNECT_ONLY, 1))
        }
        if let method = request.customMethod { check(xc_easy_setopt_str(h, CURLOPT_CUSTOMREQUEST, method)) }
        check(xc_easy_setopt_write_cb(h, CURLOPT_WRITEFUNCTION, transferWriteCallback))
        check(xc_easy_setopt_ptr(h, CURLOPT_WRITEDATA, me))
        check(xc_easy_setopt_write_cb(h, CURLOPT_HEADERFUNCTION, transferHeaderCallback))
        check(xc_easy_setopt_ptr(h, CURLOPT_HEADERDATA, me))
        if request.addressPolicy != nil {
            check(xc_easy_setopt_opensocket_cb(h, transferOpenSocketCallback))
            check(xc_easy_setopt_ptr(h, CURLOPT_OPENSOCKETDATA, me))
        }
        return ok
    }

    static func milliseconds(_ d: Duration) -> Int {
        let (seconds, attoseconds) = d.components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}

/// libcurl's body callback: keeps at most the cap, then stops the transfer.
private func transferWriteCallback(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?
) -> Int {
    guard let context else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    guard let data, length > 0 else { return length }
    let room = transfer.request.maxBodyBytes - transfer.body.count
    let raw = UnsafeRawBufferPointer(start: data, count: length)
    if length > room {
        transfer.body.append(contentsOf: raw.prefix(max(0, room)))
        transfer.bodyTruncated = true
        transfer.abort = .bodyCapExceeded
        return 0  // CURLE_WRITE_ERROR
    }
    transfer.body.append(contentsOf: raw)
    return length
}

/// libcurl's header callback: one header line per call. A new status line starts a new response (a redirect
/// was followed), so the headers kept are always the final response's.
private func transferHeaderCallback(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?
) -> Int {
    guard let context else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    guard let data, length > 0 else { return length }
    transfer.headerBytes += length
    if transfer.headerBytes > transfer.request.maxHeaderBytes {
        transfer.abort = .headerCapExceeded
        return 0
    }
    let line = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
    if line.hasPrefix("HTTP/") {
        transfer.headers.removeAll(keepingCapacity: true)
        return length
    }
    guard let colon = line.firstIndex(of: ":") else { return length }
    let name = String(line[..<colon]).trimmingASCIISpaces()
    let value = String(line[line.index(after: colon)...]).trimmingASCIISpaces()
    if !name.isEmpty { transfer.headers.append((name: name, value: value)) }
    return length
}

/// libcurl's open-socket callback, installed only with an address policy: refuses an address before any
/// packet is sent to it. It sees every address libcurl tries, redirects included.
private func transferOpenSocketCallback(
    _ context: UnsafeMutableRawPointer?, _ purpose: curlsocktype, _ address: UnsafeMutablePointer<curl_sockaddr>?
) -> curl_socket_t {
    guard let context, let address else { return CURL_SOCKET_BAD }
    let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
    var buffer = [CChar](repeating: 0, count: 64)
    let text: String? = buffer.withUnsafeMutableBufferPointer { buf in
        xc_sockaddr_string(address, buf.baseAddress, socklen_t(buf.count)) == 0
            ? String(cString: buf.baseAddress!) : nil
    }
    guard let text, let policy = transfer.request.addressPolicy, policy(text) else {
        transfer.abort = .addressRefused
        return CURL_SOCKET_BAD
    }
    return xc_open_socket(address)
}

extension String {
    /// The string without leading and trailing spaces, tabs, CR and LF (no Foundation needed).
    func trimmingASCIISpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
        guard let first = self.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = self.lastIndex(where: { !isSpace($0) })!
        return String(self[first...last])
    }
}
