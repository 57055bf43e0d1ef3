import Curl
import Testing

@Suite("CurlCode")
struct CurlCodeTests {
    @Test("libcurl describes its codes", arguments: [CurlCode.couldntConnect, .operationTimedOut, .sslConnectError, .peerFailedVerification])
    func descriptions(code: CurlCode) {
        #expect(code.description.hasPrefix("curl error \(code.rawValue): "))
        #expect(code.description.count > "curl error 00: ".count)
    }

    @Test("TLS codes are recognised", arguments: [
        (CurlCode.sslConnectError, true), (.peerFailedVerification, true), (.sslCertProblem, true),
        (.couldntConnect, false), (.recvError, false), (.operationTimedOut, false),
    ])
    func tlsCodes(code: CurlCode, isTLS: Bool) {
        #expect(code.isTLS == isTLS)
    }

    @Test("the version names libcurl")
    func version() {
        #expect(CurlDriver.libcurlVersion.hasPrefix("libcurl/"))
    }
}
