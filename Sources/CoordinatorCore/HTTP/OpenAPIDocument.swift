/// The coordinator's HTTP API as an OpenAPI 3.1 document, served at `/openapi.json`.
enum OpenAPIDocument {
    static let json: String = #"""
    {"openapi": "3.1.0", "info": {"title": "xcheck coordinator", "version": "0.1.0"}, "paths": {}}
    """#
}
