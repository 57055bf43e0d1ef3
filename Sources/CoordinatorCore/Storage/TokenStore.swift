import XCheckProtocol
public import LibPQ

/// API users' tokens with scopes.
public struct TokenStore: Sendable {
    let pool: PostgresConnectionPool

    public init(pool: PostgresConnectionPool) {
        self.pool = pool
    }

    /// Makes a token (shown once; only a hash is stored).
    public func add(name: String, scope: Scope) async throws -> IssuedToken {
        let token = IssuedToken.generate(.api)
        try await self.pool.execute(
            "INSERT INTO api_tokens (name, scope, token_id, token_hash) VALUES ($1, $2, $3, $4)",
            [name, scope.rawValue, token.id, token.secretHash]
        )
        return token
    }

    public func list() async throws -> [APITokenRecord] {
        try await self.pool.query(
            "SELECT id, name, scope, extract(epoch from created_at)::bigint, extract(epoch from revoked_at)::bigint FROM api_tokens ORDER BY name"
        ).map { row in
            APITokenRecord(
                id: try row.decode(Int64.self, at: 0), name: try row.decode(String.self, at: 1),
                scope: Scope(rawValue: try row.decode(String.self, at: 2)) ?? .read,
                createdAt: try row.decode(Int64.self, at: 3), revokedAt: try row.decode(Int64?.self, at: 4)
            )
        }
    }

    public func revoke(name: String) async throws -> Bool {
        try await self.pool.execute("UPDATE api_tokens SET revoked_at = now() WHERE name = $1 AND revoked_at IS NULL", [name]) > 0
    }

    /// The user a presented token belongs to, with its scope.
    public func authenticate(_ token: IssuedToken) async throws -> (name: String, scope: Scope)? {
        guard token.kind == .api else { return nil }
        let rows = try await self.pool.query(
            "SELECT name, scope, token_hash FROM api_tokens WHERE token_id = $1 AND revoked_at IS NULL", [token.id]
        )
        guard let row = rows.first, token.matches(storedHash: try row.decode([UInt8].self, at: 2)),
            let scope = Scope(rawValue: try row.decode(String.self, at: 1))
        else { return nil }
        return (try row.decode(String.self, at: 0), scope)
    }
}
