import Testing

/// Every integration test of the coordinator, against the real PostgreSQL server the test command starts
/// (`XCHECK_TEST_DATABASE_URL`; see deploy/dev/isolated-tests.sh). Each test has a database of its own.
///
/// `.serialized`: one test stops and starts the PostgreSQL server under a running coordinator, which would
/// fail any test running beside it; running them one at a time keeps every test's outcome its own.
@Suite(
    "Coordinator against PostgreSQL", .serialized,
    .enabled(if: TestSettings.isConfigured, "XCHECK_TEST_DATABASE_URL is not set"))
struct CoordinatorTests {}
