import Testing

@testable import LibPQ

/// Binding, decoding, configuration parsing and error text, without a server.
@Suite("Values, configuration and errors")
struct ValueTests {
    @Test("bindable values produce PostgreSQL's text format")
    func binding() {
        #expect(42.postgresData == .text("42"))
        #expect(Int64.min.postgresData == .text("-9223372036854775808"))
        #expect(true.postgresData == .text("true"))
        #expect(Double.infinity.postgresData == .text("Infinity"))
        #expect((-Double.infinity).postgresData == .text("-Infinity"))
        #expect(Double.nan.postgresData == .text("NaN"))
        #expect(0.1.postgresData == .text("0.1"))
        #expect([UInt8]([0x00, 0xAB, 0xFF]).postgresData == .text("\\x00abff"))
        #expect(Int?.none.postgresData == .null)
        #expect(Optional("x").postgresData == .text("x"))
    }

    @Test("cells decode into Swift types, and NULL only into optionals")
    func decoding() throws {
        func value(_ text: String?) -> PostgresValue { PostgresValue(columnName: "c", typeOID: 25, text: text) }
        #expect(try value("t").decode(Bool.self))
        #expect(try !value("f").decode(Bool.self))
        #expect(try value("-12").decode(Int32.self) == -12)
        #expect(try value("\\x0aff").decode([UInt8].self) == [0x0A, 0xFF])
        #expect(try value("\\001abc").decode([UInt8].self) == [1, 97, 98, 99])
        #expect(try value(nil).decode(Int?.self) == nil)
        #expect(try value("-Infinity").decode(Double.self) == -.infinity)
        #expect(throws: PostgresError.self) { try value(nil).decode(Int.self) }
        #expect(throws: PostgresError.self) { try value("\\x0").decode([UInt8].self) }
        #expect(throws: PostgresError.self) { try value("yes").decode(Bool.self) }
        let error = try #require(throws: PostgresError.self) { try value("hunter2").decode(Int.self) }
        #expect(error.code == .decoding)
        #expect(!error.description.contains("hunter2"))
    }

    @Test("a URL is parsed by libpq; the description never shows the password")
    func urlParsing() throws {
        let configuration = try PostgresConnection.Configuration(
            url:
                "postgres://agent:p%40ss%20word@db.internal:6543/xcheck?sslmode=require&connect_timeout=7&application_name=coord&options=-c%20work_mem%3D8MB"
        )
        #expect(configuration.host == "db.internal")
        #expect(configuration.port == 6543)
        #expect(configuration.database == "xcheck")
        #expect(configuration.user == "agent")
        #expect(configuration.connectTimeout == .seconds(7))
        #expect(configuration.applicationName == "coord")
        #expect(!configuration.description.contains("p@ss"))
        let parameters = Dictionary(
            configuration.connectParameters.map { ($0.keyword, $0.value) }, uniquingKeysWith: { $1 })
        #expect(parameters["password"] == "p@ss word")
        #expect(parameters["sslmode"] == "require")
        #expect(parameters["connect_timeout"] == "7")
        #expect(parameters["client_encoding"] == "UTF8")
        #expect(parameters["options"] == "-c work_mem=8MB")
    }

    @Test("connect_timeout, statement_timeout and server settings become libpq parameters")
    func derivedParameters() throws {
        var configuration = try PostgresConnection.Configuration(conninfo: "host=127.0.0.1 port=5432 user=x dbname=y")
        #expect(configuration.connectTimeout == .seconds(5))
        #expect(configuration.applicationName == "xcheck")
        configuration.connectTimeout = .milliseconds(1500)
        configuration.statementTimeout = .seconds(30)
        configuration.serverSettings = ["search_path": "a b", "lock_timeout": "2s"]
        let parameters = Dictionary(
            configuration.connectParameters.map { ($0.keyword, $0.value) }, uniquingKeysWith: { $1 })
        #expect(parameters["connect_timeout"] == "2")
        #expect(parameters["options"] == "-c statement_timeout=30000 -c lock_timeout=2s -c search_path=a\\ b")
        #expect(parameters["application_name"] == "xcheck")
    }

    @Test("malformed connection strings are rejected without repeating them")
    func malformed() {
        for text in ["postgres://u:bad%zzsecret@host/db", "mysql://u:secret@host/db", "host='unterminated secret"] {
            let error = #expect(throws: PostgresError.self) {
                if text.hasPrefix("host=") {
                    _ = try PostgresConnection.Configuration(conninfo: text)
                } else {
                    _ = try PostgresConnection.Configuration(url: text)
                }
            }
            #expect(error?.code == .connectionFailed)
            #expect(error?.description.contains("secret") == false)
        }
    }

    @Test("error descriptions are one line, carry SQLSTATE and statement, and elide quoted data-exception input")
    func errorDescription() {
        let unique = PostgresError(
            code: .server,
            message: "duplicate key value violates unique constraint \"users_email_key\"\n",
            sqlState: .uniqueViolation,
            detail: "Key (email)=(alice@example.com) already exists.",
            statementName: "insert_user"
        )
        #expect(
            unique.description
                == "PostgresError.server (SQLSTATE 23505): duplicate key value violates unique constraint \"users_email_key\" [statement insert_user]"
        )
        #expect(!unique.description.contains("alice"))
        #expect(unique.debugDescription.contains("alice"))
        let invalid = PostgresError(
            code: .server,
            message: "invalid input syntax for type integer: \"s3cret\"",
            sqlState: .invalidTextRepresentation
        )
        #expect(
            invalid.description == "PostgresError.server (SQLSTATE 22P02): invalid input syntax for type integer: \"…\""
        )
        let refused = PostgresError(
            code: .connectionFailed,
            message:
                "connection to server at \"127.0.0.1\", port 1 failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?\n"
        )
        #expect(!refused.message.contains("\n") && !refused.message.contains("\t"))
        #expect(refused.message.hasSuffix("accepting TCP/IP connections?"))
        #expect(SQLState.serializationFailure.isTransactionRetryable)
        #expect(SQLState.uniqueViolation.errorClass == "23")
    }
}
