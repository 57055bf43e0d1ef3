import Testing

/// Every test that talks to the PostgreSQL server. `.serialized` because one of them stops and restarts the
/// server; the tests still use their own schemas, tables, roles and application names, so they would not
/// interfere otherwise.
@Suite(
    "LibPQ against PostgreSQL", .serialized,
    .enabled(if: TestDatabase.isConfigured, "XCHECK_TEST_DATABASE_URL is not set"))
struct LibPQIntegrationTests {}
