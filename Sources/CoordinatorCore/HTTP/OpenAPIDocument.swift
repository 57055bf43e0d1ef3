/// The coordinator's HTTP API as an OpenAPI 3.1 document, served at `/openapi.json`.
///
/// Written by hand from the routes (`Coordinator.router()`, `HTTP/Routes`), the documents they answer with
/// and the agent protocol types. `Tests/CoordinatorCoreTests/OpenAPIDocumentTests.swift` fails when a route is
/// registered without being documented here, when a `$ref` does not resolve, when an enum (outcomes, stages,
/// ...) drifts from its Swift type, or when an encoded document has a key this file does not describe.
/// docs/api.md is the prose companion.
enum OpenAPIDocument {
    static let json: String = #"""
    {
      "openapi": "3.1.0",
      "info": {
        "title": "xcheck coordinator",
        "version": "0.1.0",
        "summary": "Xtream IPTV login checks from agents in several regions.",
        "description": "Agents in several regions run Xtream IPTV login checks and report to the coordinator; users ask it to check a server from every region (ad-hoc checks) or to check it periodically (monitored targets). All bodies are JSON (at most 1 MiB); every error is an `APIError`. Tokens are made with `xcheck-coordinator tokens add` (users) and `agents add` (agents) and shown once. The agent side is described in docs/protocol.md, the outcome codes in docs/taxonomy.md, the user API in docs/api.md. A password is never returned by any route."
      },
      "servers": [
        {
          "url": "http://127.0.0.1:8480",
          "description": "The default listen address (`xcheck-coordinator serve --listen`)."
        }
      ],
      "tags": [
        {"name": "operations", "description": "Health, metrics and this document. No token."},
        {"name": "checks", "description": "Ad-hoc checks from every region."},
        {"name": "targets", "description": "Monitored targets and their history."},
        {"name": "alerts", "description": "Alerts on verdict changes and their delivery log (docs/alerts.md). Admin only."},
        {"name": "agents", "description": "The enrolled agents, as users see them."},
        {"name": "agent protocol", "description": "What agents call (docs/protocol.md). Agent token only."}
      ],
      "paths": {
        "/healthz": {
          "get": {
            "operationId": "getHealth",
            "tags": ["operations"],
            "summary": "Readiness: is the database reachable?",
            "description": "No token. 200 when PostgreSQL answers `SELECT 1`, otherwise 503 with the same object (not an APIError).",
            "security": [],
            "responses": {
              "200": {
                "description": "Ready.",
                "content": {
                  "application/json": {
                    "schema": {"$ref": "#/components/schemas/HealthStatus"},
                    "example": {"status": "ok", "database": "up"}
                  }
                }
              },
              "503": {
                "description": "The database does not answer.",
                "content": {
                  "application/json": {
                    "schema": {"$ref": "#/components/schemas/HealthStatus"},
                    "example": {"status": "unavailable", "database": "down"}
                  }
                }
              }
            }
          }
        },
        "/metrics": {
          "get": {
            "operationId": "getMetrics",
            "tags": ["operations"],
            "summary": "Prometheus metrics",
            "description": "No token. Prometheus text exposition format (`text/plain; version=0.0.4`): requests by route, method and status, result ingest, jobs, agents. Restrict access to it at the network level if needed.",
            "security": [],
            "responses": {"200": {"description": "The metrics.", "content": {"text/plain": {"schema": {"type": "string"}}}}}
          }
        },
        "/openapi.json": {
          "get": {
            "operationId": "getOpenAPIDocument",
            "tags": ["operations"],
            "summary": "This OpenAPI 3.1 document",
            "security": [],
            "responses": {"200": {"description": "The document.", "content": {"application/json": {"schema": {"type": "object"}}}}}
          }
        },
        "/v1/agent/heartbeat": {
          "post": {
            "operationId": "agentHeartbeat",
            "tags": ["agent protocol"],
            "summary": "Agent heartbeat",
            "description": "**Auth:** an agent token (`Authorization: Bearer xca_\u2026`). Records the time, version, load and observed source address. Agents send one at start and every 30 s; an agent not seen (heartbeat, poll or results) for 90 s is offline and gets no new jobs. See docs/protocol.md.",
            "security": [{"agentToken": []}],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {"$ref": "#/components/schemas/AgentHeartbeat"},
                  "example": {"version": "0.1.0", "in_flight": 3, "max_concurrency": 64, "spool_depth": 0, "spool_dropped": 0}
                }
              }
            },
            "responses": {
              "200": {
                "description": "Recorded.",
                "content": {
                  "application/json": {
                    "schema": {"$ref": "#/components/schemas/AgentHeartbeatResponse"},
                    "example": {
                      "name": "fra-1",
                      "region": "eu-central",
                      "network": "hetzner",
                      "server_time": 1795918380,
                      "observed_address": "203.0.113.7"
                    }
                  }
                }
              },
              "400": {
                "description": "`invalid_json`: the body is empty, is not JSON, or a field is missing, null where a value is needed, or of the wrong type (the message names the field). `bad_request`: a value is out of range (the message says which).",
                "content": {
                  "application/json": {
                    "schema": {"$ref": "#/components/schemas/APIError"},
                    "examples": {
                      "empty_body": {
                        "value": {
                          "error": {"code": "invalid_json", "message": "the request body is empty; a JSON object is expected"}
                        }
                      },
                      "not_json": {"value": {"error": {"code": "invalid_json", "message": "the body is not valid JSON"}}},
                      "missing_field": {"value": {"error": {"code": "invalid_json", "message": "the field 'spool_depth' is missing"}}},
                      "out_of_range": {"value": {"error": {"code": "bad_request", "message": "heartbeat values are out of range"}}}
                    }
                  }
                }
              },
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/ForbiddenAgentAPI"},
              "413": {"$ref": "#/components/responses/BodyTooLarge"},
              "500": {"$ref": "#/components/responses/InternalError"},
              "503": {"$ref": "#/components/responses/ServiceUnavailable"}
            }
          }
        },
        "/v1/agent/jobs/poll": {
          "post": {
            "operationId": "pollJobs",
            "tags": ["agent protocol"],
            "summary": "Long-poll for jobs",
            "description": "**Auth:** an agent token (`Authorization: Bearer xca_\u2026`). Answers at once when jobs are waiting for this agent; otherwise holds the request up to `wait_seconds` (at most 25) and answers as soon as a job is created (by any replica, through PostgreSQL LISTEN/NOTIFY), else with an empty list. Jobs in the answer are claimed by this agent, oldest first. Counts as a sign of life.",
            "security": [{"agentToken": []}],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {"$ref": "#/components/schemas/AgentPollRequest"},
                  "example": {"max_jobs": 16, "wait_seconds": 25}
                }
              }
            },
            "responses": {
              "200": {
                "description": "Zero or more claimed jobs.",
                "content": {
                  "application/json": {
                    "schema": {"$ref": "#/components/schemas/AgentPollResponse"},
                    "example": {
                      "jobs": [
                        {
                          "job_id": "5f0c2a9d-1b7e-4f43-8d2a-6c3e9b1f4a77",
                          "kind": "login",
                          "url": "http://panel.example:8080",
                          "username": "alice",
                          "password": "s3cret",
                          "confirm_after_ms": 3000,
                          "deadline": 1795918440
                        }
                      ]
                    }
                  }
                }
              },
              "400": {
                "description": "`invalid_json`: the body is empty, is not JSON, or a field is missing, null where a value is needed, or of the wrong type (the message names the field). `bad_request`: a value is out of range (the message says which).",
                "content": {
                  "application/json": {
                    "schema": {"$ref": "#/components/schemas/APIError"},
                    "examples": {
                      "empty_body": {
                        "value": {
                          "error": {"code": "invalid_json", "message": "the request body is empty; a JSON object is expected"}
                        }
                      },
                      "not_json": {"value": {"error": {"code": "invalid_json", "message": "the body is not valid JSON"}}},
                      "wrong_type": {
                        "value": {
                          "error": {"code": "invalid_json", "message": "'max_jobs' has the wrong type (expected an integer)"}
                        }
                      },
                      "max_jobs": {"value": {"error": {"code": "bad_request", "message": "max_jobs must be 1 to 100"}}},
                      "wait_seconds": {"value": {"error": {"code": "bad_request", "message": "wait_seconds must be 0 to 25"}}}
                    }
                  }
                }
              },
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/ForbiddenAgentAPI"},
              "413": {"$ref": "#/components/responses/BodyTooLarge"},
              "500": {"$ref": "#/components/responses/InternalError"},
              "503": {"$ref": "#/components/responses/ServiceUnavailable"}
            }
          }
        },
        "/v1/agent/results": {
          "post": {
            "operationId": "submitResults",
            "tags": ["agent protocol"],
            "summary": "Report a batch of results",
            "description": "**Auth:** an agent token (`Authorization: Bearer xca_\u2026`). Stores 1 to 500 results in one transaction and answers only after it committed. A `result_id` already stored is listed under `duplicates` and not stored again, so a batch retried after a lost answer is safe. Every id in the answer may be dropped from the agent's spool. A result whose `job_id` is not one of this agent's jobs is still stored (and acknowledged) but belongs to no check or target. Counts as a sign of life.",
            "security": [{"agentToken": []}],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {"$ref": "#/components/schemas/AgentResultBatch"},
                  "examples": {"AgentResultBatch": {"$ref": "#/components/examples/AgentResultBatch"}}
                }
              }
            },
            "responses": {
              "200": {
                "description": "Committed.",
                "content": {
                  "application/json": {
                    "schema": {"$ref": "#/components/schemas/AgentResultAck"},
                    "example": {"accepted": ["9b1d4c3a-7e2f-4b6d-a1c8-3f5e7d9b2c10"], "duplicates": []}
                  }
                }
              },
              "400": {
                "description": "`invalid_json`: the body is empty, is not JSON, or a field is missing, null where a value is needed, or of the wrong type (the message names the field). `bad_request`: a value is out of range (the message says which).",
                "content": {
                  "application/json": {
                    "schema": {"$ref": "#/components/schemas/APIError"},
                    "examples": {
                      "empty_body": {
                        "value": {
                          "error": {"code": "invalid_json", "message": "the request body is empty; a JSON object is expected"}
                        }
                      },
                      "not_json": {"value": {"error": {"code": "invalid_json", "message": "the body is not valid JSON"}}},
                      "bad_outcome": {
                        "value": {"error": {"code": "invalid_json", "message": "'results.[0].result.outcome' is not valid"}}
                      },
                      "batch_size": {"value": {"error": {"code": "bad_request", "message": "a batch holds 1 to 500 results"}}},
                      "result_id": {"value": {"error": {"code": "bad_request", "message": "result_id 'abc' is not a UUID"}}},
                      "job_id": {"value": {"error": {"code": "bad_request", "message": "job_id 'abc' is not a UUID"}}}
                    }
                  }
                }
              },
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/ForbiddenAgentAPI"},
              "413": {"$ref": "#/components/responses/BodyTooLarge"},
              "500": {"$ref": "#/components/responses/InternalError"},
              "503": {"$ref": "#/components/responses/ServiceUnavailable"}
            }
          }
        },
        "/v1/checks": {
          "post": {
            "operationId": "createCheck",
            "tags": ["checks"],
            "summary": "Check a server from every region now",
            "description": "**Auth:** a user token (`Authorization: Bearer xct_\u2026`) with scope `check` or `admin`. Creates one job for every online agent (in `regions`, if given) and holds the request until all have answered or `wait_seconds` (default 20, at most 60) pass, then answers with the check as it stands (`status` `running` if agents are still missing: fetch it again with `GET /v1/checks/{id}`). Agents have 60 s to answer. An identical check (same kind, URL, username, password and regions) that is running or finished less than 30 s ago is returned instead of a new one (`reused: true`). With no online agent the check finishes at once with no vantages. The password is sent only to the agents that run the login and is deleted when the check finishes; with `private: true` it is not stored or sent at all.",
            "security": [{"userToken": ["check"]}],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {"$ref": "#/components/schemas/CheckRequest"},
                  "example": {
                    "url": "http://panel.example:8080",
                    "username": "alice",
                    "password": "s3cret",
                    "regions": ["eu-central", "us-east"],
                    "wait_seconds": 20
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The check (complete, or as far as it got within `wait_seconds`).",
                "content": {
                  "application/json": {
                    "schema": {"$ref": "#/components/schemas/CheckDocument"},
                    "examples": {"CheckDocument": {"$ref": "#/components/examples/CheckDocument"}}
                  }
                }
              },
              "400": {
                "description": "`invalid_json`: the body is empty, is not JSON, or a field is missing, null where a value is needed, or of the wrong type (the message names the field). `bad_request`: a value is out of range (the message says which).",
                "content": {
                  "application/json": {
                    "schema": {"$ref": "#/components/schemas/APIError"},
                    "examples": {
                      "empty_body": {
                        "value": {
                          "error": {"code": "invalid_json", "message": "the request body is empty; a JSON object is expected"}
                        }
                      },
                      "not_json": {"value": {"error": {"code": "invalid_json", "message": "the body is not valid JSON"}}},
                      "missing_url": {"value": {"error": {"code": "invalid_json", "message": "the field 'url' is missing"}}},
                      "wait_seconds": {"value": {"error": {"code": "bad_request", "message": "wait_seconds must be 0 to 60"}}},
                      "regions_count": {"value": {"error": {"code": "bad_request", "message": "regions must list 1 to 64 regions"}}},
                      "region_name": {
                        "value": {
                          "error": {
                            "code": "bad_request",
                            "message": "region names are 1 to 64 letters, digits, '-', '_' or '.'"
                          }
                        }
                      }
                    }
                  }
                }
              },
              "404": {
                "description": "The new check could not be read back (it should not happen).",
                "content": {
                  "application/json": {
                    "schema": {"$ref": "#/components/schemas/APIError"},
                    "examples": {"disappeared": {"value": {"error": {"code": "not_found", "message": "the check disappeared"}}}}
                  }
                }
              },
              "422": {"$ref": "#/components/responses/InvalidTarget"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/ForbiddenCheck"},
              "413": {"$ref": "#/components/responses/BodyTooLarge"},
              "500": {"$ref": "#/components/responses/InternalError"},
              "503": {"$ref": "#/components/responses/ServiceUnavailable"}
            }
          }
        },
        "/v1/checks/{id}": {
          "get": {
            "operationId": "getCheck",
            "tags": ["checks"],
            "summary": "An ad-hoc check's results",
            "description": "**Auth:** a user token (`Authorization: Bearer xct_\u2026`) with scope `read` or higher. The same document `POST /v1/checks` answers with (`reused` is always false here). Poll it until `status` is not `running`.",
            "security": [{"userToken": ["read"]}],
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "The check's id (a UUID; anything else is answered 404).",
                "schema": {"type": "string", "format": "uuid"}
              }
            ],
            "responses": {
              "200": {
                "description": "The check.",
                "content": {
                  "application/json": {
                    "schema": {"$ref": "#/components/schemas/CheckDocument"},
                    "examples": {"CheckDocument": {"$ref": "#/components/examples/CheckDocument"}}
                  }
                }
              },
              "404": {
                "description": "No check with this id (or the id is not a UUID).",
                "content": {
                  "application/json": {
                    "schema": {"$ref": "#/components/schemas/APIError"},
                    "examples": {
                      "no_check": {
                        "value": {
                          "error": {"code": "not_found", "message": "no check with id '0b6f3f2e-6d3a-4c1e-9a57-2f4f8c1d9e01'"}
                        }
                      }
                    }
                  }
                }
              },
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/ForbiddenRead"},
              "500": {"$ref": "#/components/responses/InternalError"},
              "503": {"$ref": "#/components/responses/ServiceUnavailable"}
            }
          }
        },
        "/v1/targets": {
          "get": {
            "operationId": "listTargets",
            "tags": ["targets"],
            "summary": "List monitored targets",
            "description": "**Auth:** a user token (`Authorization: Bearer xct_\u2026`) with scope `read` or higher. Every target, by id. Never a password (`has_password` says whether one is stored).",
            "security": [{"userToken": ["read"]}],
            "responses": {
              "200": {
                "description": "The targets.",
                "content": {
                  "application/json": {
                    "schema": {"$ref": "#/components/schemas/TargetList"},
                    "example": {
                      "targets": [
                        {
                          "id": 7,
                          "name": "Main panel",
                          "url": "http://panel.example:8080",
                          "username": "alice",
                          "has_password": true,
                          "interval_seconds": 300,
                          "public": false,
                          "regions": null,
                          "created_at": 1795900000,
                          "next_run_at": 1795918500
                        }
                      ]
                    }
                  }
                }
              },
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/ForbiddenRead"},
              "500": {"$ref": "#/components/responses/InternalError"},
              "503": {"$ref": "#/components/responses/ServiceUnavailable"}
            }
          },
          "post": {
            "operationId": "createTarget",
            "tags": ["targets"],
            "summary": "Add a monitored target",
            "description": "**Auth:** a user token (`Authorization: Bearer xct_\u2026`) with scope `admin`. Every online agent (in `regions`, if given) checks it every `interval_seconds` (\u00b110 % jitter); the first run is spread over one interval. A target with a username and password gets `login` checks, one without gets `reachability` checks. The password is stored sealed (AES-GCM) and sent only to the agents that run the login; it is never returned.",
            "security": [{"userToken": ["admin"]}],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {"$ref": "#/components/schemas/TargetRequest"},
                  "example": {
                    "url": "http://panel.example:8080",
                    "username": "alice",
                    "password": "s3cret",
                    "name": "Main panel",
                    "interval_seconds": 300
                  }
                }
              }
            },
            "responses": {
              "201": {
                "description": "Created.",
                "content": {
                  "application/json": {
                    "schema": {"$ref": "#/components/schemas/TargetDocument"},
                    "example": {
                      "id": 7,
                      "name": "Main panel",
                      "url": "http://panel.example:8080",
                      "username": "alice",
                      "has_password": true,
                      "interval_seconds": 300,
                      "public": false,
                      "regions": null,
                      "created_at": 1795900000,
                      "next_run_at": 1795918500
                    }
                  }
                }
              },
              "400": {
                "description": "`invalid_json`: the body is empty, is not JSON, or a field is missing, null where a value is needed, or of the wrong type (the message names the field). `bad_request`: a value is out of range (the message says which).",
                "content": {
                  "application/json": {
                    "schema": {"$ref": "#/components/schemas/APIError"},
                    "examples": {
                      "empty_body": {
                        "value": {
                          "error": {"code": "invalid_json", "message": "the request body is empty; a JSON object is expected"}
                        }
                      },
                      "not_json": {"value": {"error": {"code": "invalid_json", "message": "the body is not valid JSON"}}},
                      "missing_interval": {
                        "value": {"error": {"code": "invalid_json", "message": "the field 'interval_seconds' is missing"}}
                      },
                      "interval": {"value": {"error": {"code": "bad_request", "message": "interval_seconds must be 60 to 86400"}}},
                      "name": {"value": {"error": {"code": "bad_request", "message": "name must be 1 to 200 characters"}}},
                      "regions_count": {"value": {"error": {"code": "bad_request", "message": "regions must list 1 to 64 regions"}}},
                      "region_name": {
                        "value": {
                          "error": {
                            "code": "bad_request",
                            "message": "region names are 1 to 64 letters, digits, '-', '_' or '.'"
                          }
                        }
                      }
                    }
                  }
                }
              },
              "422": {"$ref": "#/components/responses/InvalidTarget"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/ForbiddenAdmin"},
              "413": {"$ref": "#/components/responses/BodyTooLarge"},
              "500": {"$ref": "#/components/responses/InternalError"},
              "503": {"$ref": "#/components/responses/ServiceUnavailable"}
            }
          }
        },
        "/v1/targets/{id}": {
          "get": {
            "operationId": "getTarget",
            "tags": ["targets"],
            "summary": "A monitored target",
            "description": "**Auth:** a user token (`Authorization: Bearer xct_\u2026`) with scope `read` or higher.",
            "security": [{"userToken": ["read"]}],
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "The target's id (a positive integer; anything else is answered 404).",
                "schema": {"type": "integer", "format": "int64", "minimum": 1}
              }
            ],
            "responses": {
              "200": {
                "description": "The target.",
                "content": {
                  "application/json": {
                    "schema": {"$ref": "#/components/schemas/TargetDocument"},
                    "example": {
                      "id": 7,
                      "name": "Main panel",
                      "url": "http://panel.example:8080",
                      "username": "alice",
                      "has_password": true,
                      "interval_seconds": 300,
                      "public": false,
                      "regions": null,
                      "created_at": 1795900000,
                      "next_run_at": 1795918500
                    }
                  }
                }
              },
              "404": {"$ref": "#/components/responses/TargetNotFound"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/ForbiddenRead"},
              "500": {"$ref": "#/components/responses/InternalError"},
              "503": {"$ref": "#/components/responses/ServiceUnavailable"}
            }
          },
          "delete": {
            "operationId": "deleteTarget",
            "tags": ["targets"],
            "summary": "Delete a monitored target",
            "description": "**Auth:** a user token (`Authorization: Bearer xct_\u2026`) with scope `admin`. Deletes the target, its stored password and its pending jobs. Results already stored stay until the retention drops them, but are no longer reachable through the API.",
            "security": [{"userToken": ["admin"]}],
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "The target's id (a positive integer; anything else is answered 404).",
                "schema": {"type": "integer", "format": "int64", "minimum": 1}
              }
            ],
            "responses": {
              "204": {"description": "Deleted."},
              "404": {"$ref": "#/components/responses/TargetNotFound"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/ForbiddenAdmin"},
              "500": {"$ref": "#/components/responses/InternalError"},
              "503": {"$ref": "#/components/responses/ServiceUnavailable"}
            }
          }
        },
        "/v1/targets/{id}/run": {
          "post": {
            "operationId": "runTarget",
            "tags": ["targets"],
            "summary": "Run a monitored target now",
            "description": "**Auth:** a user token (`Authorization: Bearer xct_\u2026`) with scope `admin`. Starts the target's run now, as the scheduler would (a job for every live agent in its regions), and moves its next scheduled run one interval from now. Results arrive in the target's history and verdict as usual. Refused with 429 when the target's last run started less than 30 s ago: panels ban addresses that log in too often.",
            "security": [{"userToken": ["admin"]}],
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "The target's id (a positive integer; anything else is answered 404).",
                "schema": {"type": "integer", "format": "int64", "minimum": 1}
              }
            ],
            "responses": {
              "200": {
                "description": "The run started.",
                "content": {
                  "application/json": {
                    "schema": {"$ref": "#/components/schemas/TargetRunDocument"},
                    "example": {"target_id": 1, "agents": 3}
                  }
                }
              },
              "404": {"$ref": "#/components/responses/TargetNotFound"},
              "429": {
                "description": "The target's last run is too recent.",
                "content": {
                  "application/json": {
                    "schema": {"$ref": "#/components/schemas/APIError"},
                    "example": {"error": {"code": "too_soon", "message": "target 1 ran 4 s ago; runs are at least 30 s apart (panels ban addresses that log in too often)"}}
                  }
                }
              },
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/ForbiddenAdmin"},
              "500": {"$ref": "#/components/responses/InternalError"},
              "503": {"$ref": "#/components/responses/ServiceUnavailable"}
            }
          }
        },
        "/v1/targets/{id}/history": {
          "get": {
            "operationId": "getTargetHistory",
            "tags": ["targets"],
            "summary": "A target's results, oldest first, in pages",
            "description": "**Auth:** a user token (`Authorization: Bearer xct_\u2026`) with scope `read` or higher. Results from `since` on, ordered by start time then result id, at most `limit` per page. When `next` is present, request the next page with `after=<next>` (and the same `since`); its absence marks the last page. Results are kept for the retention period (30 days by default).",
            "security": [{"userToken": ["read"]}],
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "The target's id (a positive integer; anything else is answered 404).",
                "schema": {"type": "integer", "format": "int64", "minimum": 1}
              },
              {
                "name": "since",
                "in": "query",
                "required": false,
                "description": "Only results that started at or after this time (epoch seconds).",
                "schema": {"type": "integer", "format": "int64", "minimum": 0, "default": 0}
              },
              {
                "name": "after",
                "in": "query",
                "required": false,
                "description": "The `next` cursor of the previous page. A value that is not such a cursor is ignored (the first page is returned).",
                "schema": {"type": "string"}
              },
              {
                "name": "limit",
                "in": "query",
                "required": false,
                "description": "The most results in the page.",
                "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100}
              }
            ],
            "responses": {
              "200": {
                "description": "A page.",
                "content": {
                  "application/json": {
                    "schema": {"$ref": "#/components/schemas/HistoryPage"},
                    "examples": {"HistoryPage": {"$ref": "#/components/examples/HistoryPage"}}
                  }
                }
              },
              "400": {
                "description": "A query parameter is out of range.",
                "content": {
                  "application/json": {
                    "schema": {"$ref": "#/components/schemas/APIError"},
                    "examples": {
                      "since": {"value": {"error": {"code": "bad_request", "message": "since must be epoch seconds"}}},
                      "limit": {"value": {"error": {"code": "bad_request", "message": "limit must be 1 to 1000"}}}
                    }
                  }
                }
              },
              "404": {"$ref": "#/components/responses/TargetNotFound"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/ForbiddenRead"},
              "500": {"$ref": "#/components/responses/InternalError"},
              "503": {"$ref": "#/components/responses/ServiceUnavailable"}
            }
          }
        },
        "/v1/targets/{id}/verdict": {
          "get": {
            "operationId": "getTargetVerdict",
            "tags": ["targets"],
            "summary": "The target's current verdict",
            "description": "**Auth:** a user token (`Authorization: Bearer xct_\u2026`) with scope `read` or higher. Cross-references each agent's latest result for the target within the window (docs/verdicts.md). Agents without a result in the window are not listed (`missing` is empty); with no result at all the verdict is `inconclusive`.",
            "security": [{"userToken": ["read"]}],
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "The target's id (a positive integer; anything else is answered 404).",
                "schema": {"type": "integer", "format": "int64", "minimum": 1}
              },
              {
                "name": "window",
                "in": "query",
                "required": false,
                "description": "Use results that started at most this many seconds ago. Default: three times the target's `interval_seconds`.",
                "schema": {"type": "integer", "minimum": 60, "maximum": 604800}
              }
            ],
            "responses": {
              "200": {
                "description": "The verdict.",
                "content": {
                  "application/json": {
                    "schema": {"$ref": "#/components/schemas/TargetVerdictDocument"},
                    "examples": {"TargetVerdictDocument": {"$ref": "#/components/examples/TargetVerdictDocument"}}
                  }
                }
              },
              "400": {
                "description": "`window` is out of range.",
                "content": {
                  "application/json": {
                    "schema": {"$ref": "#/components/schemas/APIError"},
                    "examples": {
                      "window": {"value": {"error": {"code": "bad_request", "message": "window must be 60 to 604800 seconds"}}}
                    }
                  }
                }
              },
              "404": {"$ref": "#/components/responses/TargetNotFound"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/ForbiddenRead"},
              "500": {"$ref": "#/components/responses/InternalError"},
              "503": {"$ref": "#/components/responses/ServiceUnavailable"}
            }
          }
        },
        "/v1/alerts": {
          "post": {
            "operationId": "createAlert",
            "tags": [
              "alerts"
            ],
            "summary": "Add an alert on verdict changes",
            "description": "**Auth:** a user token (`Authorization: Bearer xct_…`) with scope `admin`. Webhook URLs and bot tokens are secrets: stored sealed, never returned (only a redacted `destination`). With `sign: true` (webhook) the answer carries `signing_secret`, once. See docs/alerts.md.",
            "security": [
              {
                "userToken": [
                  "admin"
                ]
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/AlertRequest"
                  },
                  "example": {
                    "kind": "webhook",
                    "url": "https://hooks.example.net/services/T000/B000",
                    "target_id": 7,
                    "sign": true
                  }
                }
              }
            },
            "responses": {
              "201": {
                "description": "Created.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/AlertDocument"
                    },
                    "example": {
                      "id": 3,
                      "name": "webhook https://hooks.example.net/…",
                      "kind": "webhook",
                      "target_id": 7,
                      "destination": "https://hooks.example.net/…",
                      "signed": true,
                      "created_at": 1795918380,
                      "signing_secret": "5f0c…"
                    }
                  }
                }
              },
              "400": {
                "description": "The body is not JSON of the expected shape, or a field is out of range.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/APIError"
                    },
                    "example": {
                      "error": {
                        "code": "invalid_json",
                        "message": "'kind' is not valid"
                      }
                    }
                  }
                }
              },
              "404": {
                "description": "`target_id` names no target.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/APIError"
                    },
                    "example": {
                      "error": {
                        "code": "not_found",
                        "message": "no target 999"
                      }
                    }
                  }
                }
              },
              "413": {
                "$ref": "#/components/responses/BodyTooLarge"
              },
              "422": {
                "description": "The destination is not usable (never quoted in the message).",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/APIError"
                    },
                    "example": {
                      "error": {
                        "code": "invalid_alert",
                        "message": "'url' must be an absolute http:// or https:// URL with a host and no user name"
                      }
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/ForbiddenAdmin"
              },
              "500": {
                "$ref": "#/components/responses/InternalError"
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable"
              }
            }
          },
          "get": {
            "operationId": "listAlerts",
            "tags": [
              "alerts"
            ],
            "summary": "Every alert (destinations redacted)",
            "description": "**Auth:** a user token (`Authorization: Bearer xct_…`) with scope `admin`. Never a URL, bot token or signing secret.",
            "security": [
              {
                "userToken": [
                  "admin"
                ]
              }
            ],
            "responses": {
              "200": {
                "description": "Every alert, by id.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/AlertList"
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/ForbiddenAdmin"
              },
              "500": {
                "$ref": "#/components/responses/InternalError"
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable"
              }
            }
          }
        },
        "/v1/alerts/{id}": {
          "delete": {
            "operationId": "deleteAlert",
            "tags": [
              "alerts"
            ],
            "summary": "Remove an alert",
            "description": "**Auth:** a user token (`Authorization: Bearer xct_…`) with scope `admin`. Its pending deliveries fail with `the alert was removed`; its delivery log stays.",
            "security": [
              {
                "userToken": [
                  "admin"
                ]
              }
            ],
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "The alert's id (a positive integer; anything else is answered 404).",
                "schema": {
                  "type": "integer",
                  "format": "int64",
                  "minimum": 1
                }
              }
            ],
            "responses": {
              "204": {
                "description": "Removed."
              },
              "404": {
                "description": "No such alert.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/APIError"
                    },
                    "example": {
                      "error": {
                        "code": "not_found",
                        "message": "no alert 3"
                      }
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/ForbiddenAdmin"
              },
              "500": {
                "$ref": "#/components/responses/InternalError"
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable"
              }
            }
          }
        },
        "/v1/targets/{id}/deliveries": {
          "get": {
            "operationId": "getTargetDeliveries",
            "tags": [
              "alerts"
            ],
            "summary": "A target's alert delivery log, newest first",
            "description": "**Auth:** a user token (`Authorization: Bearer xct_…`) with scope `admin`. `last_error` never holds the destination.",
            "security": [
              {
                "userToken": [
                  "admin"
                ]
              }
            ],
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "The target's id (a positive integer; anything else is answered 404).",
                "schema": {
                  "type": "integer",
                  "format": "int64",
                  "minimum": 1
                }
              },
              {
                "name": "limit",
                "in": "query",
                "required": false,
                "description": "At most this many deliveries (1 to 1000, default 100).",
                "schema": {
                  "type": "integer",
                  "minimum": 1,
                  "maximum": 1000,
                  "default": 100
                }
              }
            ],
            "responses": {
              "200": {
                "description": "The deliveries.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/AlertDeliveryList"
                    }
                  }
                }
              },
              "400": {
                "description": "A bad `limit`.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/APIError"
                    },
                    "example": {
                      "error": {
                        "code": "bad_request",
                        "message": "limit must be 1 to 1000"
                      }
                    }
                  }
                }
              },
              "404": {
                "$ref": "#/components/responses/TargetNotFound"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/ForbiddenAdmin"
              },
              "500": {
                "$ref": "#/components/responses/InternalError"
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable"
              }
            }
          }
        },
        "/v1/agents": {
          "get": {
            "operationId": "listAgents",
            "tags": ["agents"],
            "summary": "List enrolled agents",
            "description": "**Auth:** a user token (`Authorization: Bearer xct_\u2026`) with scope `read` or higher. Every agent (revoked ones included), by name: region, network, last contact, observed address, version, load and whether it is online. Never a token. Agents are enrolled and revoked with `xcheck-coordinator agents add|revoke`, not through the API.",
            "security": [{"userToken": ["read"]}],
            "responses": {
              "200": {
                "description": "The agents.",
                "content": {
                  "application/json": {
                    "schema": {"$ref": "#/components/schemas/AgentList"},
                    "example": {
                      "agents": [
                        {
                          "id": 1,
                          "name": "fra-1",
                          "region": "eu-central",
                          "network": "hetzner",
                          "created_at": 1795000000,
                          "last_seen_at": 1795918375,
                          "last_address": "203.0.113.7",
                          "version": "0.1.0",
                          "in_flight": 3,
                          "max_concurrency": 64,
                          "spool_depth": 0,
                          "spool_dropped": 0,
                          "online": true
                        },
                        {
                          "id": 2,
                          "name": "sgp-1",
                          "region": "ap-southeast",
                          "network": "digitalocean",
                          "created_at": 1795900000,
                          "in_flight": 0,
                          "max_concurrency": 0,
                          "spool_depth": 0,
                          "spool_dropped": 0,
                          "online": false
                        }
                      ]
                    }
                  }
                }
              },
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/ForbiddenRead"},
              "500": {"$ref": "#/components/responses/InternalError"},
              "503": {"$ref": "#/components/responses/ServiceUnavailable"}
            }
          }
        }
      },
      "components": {
        "securitySchemes": {
          "userToken": {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "xct_<16 hex digits>_<secret>",
            "description": "An API user's token, made with `xcheck-coordinator tokens add --name N --scope read|check|admin` and shown once. Scopes include the ones before them: `read` (checks, targets, history, agents), `check` (also `POST /v1/checks`), `admin` (also add and delete targets). The role listed in an operation's security requirement is the least scope it needs. An unknown, revoked or malformed token is answered 401; an agent token, or too small a scope, 403."
          },
          "agentToken": {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "xca_<16 hex digits>_<secret>",
            "description": "An agent's token, made with `xcheck-coordinator agents add` and shown once. Only for `/v1/agent/*`; a user token there is answered 403, an unknown or revoked token 401."
          }
        },
        "schemas": {
          "APIError": {
            "type": "object",
            "description": "The body of every error answer (`XCheckProtocol.APIError`): `{\"error\": {\"code\", \"message\"}}`.",
            "properties": {
              "error": {
                "type": "object",
                "properties": {
                  "code": {
                    "type": "string",
                    "description": "Stable snake_case; match on it, not on the message. `bad_request` and `invalid_json` (400), `unauthorized` (401), `forbidden` (403), `not_found` (404: also any path or method the coordinator does not serve), `body_too_large` (413), `invalid_target` and `invalid_alert` (422), `too_soon` (429), `internal` (500), `database_unavailable` and `shutting_down` (503), `http_error` (any other status raised by the HTTP layer).",
                    "enum": [
                      "bad_request",
                      "invalid_json",
                      "unauthorized",
                      "forbidden",
                      "not_found",
                      "body_too_large",
                      "invalid_target",
                      "invalid_alert",
                      "too_soon",
                      "internal",
                      "database_unavailable",
                      "shutting_down",
                      "http_error"
                    ]
                  },
                  "message": {"type": "string", "description": "A sentence for people; never contains a password or a token."}
                },
                "required": ["code", "message"]
              }
            },
            "required": ["error"]
          },
          "HealthStatus": {
            "type": "object",
            "description": "Readiness of this replica: `ok`/`up` when `SELECT 1` succeeds, `unavailable`/`down` otherwise.",
            "properties": {
              "status": {"type": "string", "enum": ["ok", "unavailable"]},
              "database": {"type": "string", "enum": ["up", "down"]}
            },
            "required": ["status", "database"]
          },
          "Outcome": {
            "type": "string",
            "description": "The outcome of a check (`XCheckModel.Outcome`); docs/taxonomy.md explains every code. Codes may be added: treat an unknown code as a problem.",
            "enum": [
              "ok",
              "reachable",
              "credentials_rejected",
              "login_rejected",
              "account_expired",
              "account_banned",
              "account_disabled",
              "max_connections_reached",
              "dns_nxdomain",
              "dns_failure",
              "connection_refused",
              "connection_timeout",
              "connection_reset",
              "network_unreachable",
              "tls_failure",
              "scheme_mismatch",
              "http_error",
              "cdn_origin_error",
              "cdn_challenge",
              "rate_limited",
              "not_xtream",
              "response_timeout",
              "target_forbidden"
            ]
          },
          "Stage": {
            "type": "string",
            "description": "The stage at which an outcome was decided (`XCheckModel.Stage`).",
            "enum": ["dns", "connect", "tls", "http", "login"]
          },
          "CheckKind": {
            "type": "string",
            "description": "What a check did: `login` (player_api.php with credentials), `reachability` (player_api.php without credentials), `port` (DNS + TCP, plus TLS for TLS ports; no HTTP).",
            "enum": ["login", "reachability", "port"]
          },
          "PanelFamily": {
            "type": "string",
            "description": "Which kind of Xtream-compatible server answered.",
            "enum": ["xtream_codes", "xui", "unknown"]
          },
          "AccountStatus": {
            "type": "string",
            "description": "The line's state as the panel reported it.",
            "enum": ["active", "expired", "banned", "disabled", "unknown"]
          },
          "TargetSummary": {
            "type": "object",
            "description": "The target of a check as it appears in results: never the password. `username` is always written (null without one).",
            "properties": {
              "url": {
                "type": "string",
                "description": "The base URL checked (scheme, host, port when not the default, base path)."
              },
              "scheme": {"type": "string", "enum": ["http", "https"]},
              "host": {"type": "string"},
              "port": {"type": "integer", "minimum": 1, "maximum": 65535},
              "username": {"type": ["string", "null"], "description": "The username, when one was given. Never the password."}
            },
            "required": ["url", "scheme", "host", "port"]
          },
          "InputWarning": {
            "type": "object",
            "description": "Something in the input that was accepted but may explain a failure (docs/taxonomy.md, Input warnings).",
            "properties": {
              "code": {
                "type": "string",
                "enum": [
                  "missing_scheme",
                  "trailing_slash",
                  "pasted_endpoint",
                  "credentials_in_url",
                  "invisible_characters",
                  "surrounding_whitespace",
                  "smart_quotes"
                ]
              },
              "message": {"type": "string", "description": "A sentence for people; never contains the password."},
              "field": {"type": "string", "enum": ["url", "username", "password"]},
              "position": {
                "type": "integer",
                "minimum": 1,
                "description": "1-based character position in that input, for warnings about one character; the key is absent otherwise."
              }
            },
            "required": ["code", "message", "field"]
          },
          "StageTimings": {
            "type": "object",
            "description": "How long each stage took, in milliseconds; null for a stage that was not reached. The coordinator always writes all five keys.",
            "properties": {
              "dns": {"type": ["number", "null"], "description": "Name resolution."},
              "connect": {"type": ["number", "null"], "description": "TCP connection, after resolution."},
              "tls": {"type": ["number", "null"], "description": "TLS handshake, after the TCP connection."},
              "first_byte": {"type": ["number", "null"], "description": "From the request being sent to the first response byte."},
              "total": {"type": ["number", "null"], "description": "The whole check."}
            },
            "required": []
          },
          "AccountInfo": {
            "type": "object",
            "description": "What the panel said about the account in a successful login answer. Never the password the panel echoes. The coordinator always writes every key (null when unknown).",
            "properties": {
              "status": {"$ref": "#/components/schemas/AccountStatus"},
              "expires_at": {
                "type": ["integer", "null"],
                "format": "int64",
                "description": "Expiry date (epoch seconds); null when the line never expires."
              },
              "is_trial": {"type": "boolean", "description": "A trial line. Defaults to false when absent on input."},
              "active_connections": {"type": ["integer", "null"], "description": "Connections the panel counts as open now."},
              "max_connections": {"type": ["integer", "null"], "description": "Connections allowed at once; 0 means unlimited."},
              "created_at": {
                "type": ["integer", "null"],
                "format": "int64",
                "description": "When the line was created (epoch seconds)."
              },
              "message": {"type": ["string", "null"], "description": "The panel's message of the day."},
              "allowed_output_formats": {
                "type": "array",
                "items": {"type": "string"},
                "description": "Stream formats the line may use, e.g. `[\"m3u8\", \"ts\"]`. Defaults to [] when absent on input."
              },
              "days_left": {
                "type": ["integer", "null"],
                "minimum": 0,
                "description": "Whole days from the panel's clock to the expiry date, rounded down; null without an expiry."
              }
            },
            "required": ["status"]
          },
          "Alternative": {
            "type": "object",
            "description": "Another way to reach the same panel (the other scheme, or an advertised port) and what happened when it was tried.",
            "properties": {
              "url": {"type": "string", "description": "The base URL of the alternative."},
              "outcome": {"$ref": "#/components/schemas/Outcome"},
              "kind": {"$ref": "#/components/schemas/CheckKind"}
            },
            "required": ["url", "outcome", "kind"]
          },
          "PortCheckResult": {
            "type": "object",
            "description": "A port check of a port the panel advertises: DNS, TCP and, for a TLS port, the handshake. No HTTP request. The coordinator always writes every key.",
            "properties": {
              "host": {"type": "string"},
              "port": {"type": "integer", "minimum": 1, "maximum": 65535},
              "service": {"type": "string", "enum": ["http", "https", "rtmp", "tcp"]},
              "outcome": {"$ref": "#/components/schemas/Outcome"},
              "stage": {
                "anyOf": [{"$ref": "#/components/schemas/Stage"}, {"type": "null"}],
                "description": "Null when `reachable`."
              },
              "detail": {"type": "string"},
              "connected_address": {"type": ["string", "null"]},
              "timings_ms": {"$ref": "#/components/schemas/StageTimings"}
            },
            "required": ["host", "port", "service", "outcome", "detail", "timings_ms"]
          },
          "ProbeResult": {
            "type": "object",
            "description": "Everything one check from one vantage found: the JSON document of `xcheck probe --json` and what agents report (`XCheckModel.ProbeResult`, docs/taxonomy.md#json). It never holds a password. `required` lists what an agent must send; in the coordinator's answers every key is present, null when there is no value. Fields may be added.",
            "properties": {
              "target": {"$ref": "#/components/schemas/TargetSummary"},
              "kind": {"$ref": "#/components/schemas/CheckKind"},
              "input_warnings": {"type": "array", "items": {"$ref": "#/components/schemas/InputWarning"}},
              "outcome": {"$ref": "#/components/schemas/Outcome"},
              "stage": {
                "anyOf": [{"$ref": "#/components/schemas/Stage"}, {"type": "null"}],
                "description": "The stage the outcome was decided at; null for `ok` and `reachable`."
              },
              "detail": {"type": "string", "description": "One sentence explaining how the outcome was decided."},
              "http_status": {"type": ["integer", "null"], "description": "The HTTP status, when an HTTP answer arrived."},
              "timings_ms": {"$ref": "#/components/schemas/StageTimings"},
              "panel": {"$ref": "#/components/schemas/PanelFamily"},
              "panel_version": {"type": ["string", "null"], "description": "The panel's version, when it says (XUI)."},
              "account": {
                "anyOf": [{"$ref": "#/components/schemas/AccountInfo"}, {"type": "null"}],
                "description": "Null unless the panel answered the login."
              },
              "resolved_addresses": {"type": "array", "items": {"type": "string"}, "description": "Addresses the name resolved to."},
              "connected_address": {"type": ["string", "null"], "description": "The address actually connected to."},
              "alternatives": {"type": "array", "items": {"$ref": "#/components/schemas/Alternative"}},
              "ports": {"type": "array", "items": {"$ref": "#/components/schemas/PortCheckResult"}},
              "advice": {"type": "array", "items": {"type": "string"}, "description": "What the user should do, one line each."},
              "started_at": {"type": "integer", "format": "int64", "description": "When the check started (epoch seconds, UTC)."}
            },
            "required": [
              "target",
              "kind",
              "input_warnings",
              "outcome",
              "detail",
              "timings_ms",
              "panel",
              "resolved_addresses",
              "alternatives",
              "ports",
              "advice",
              "started_at"
            ]
          },
          "AgentRef": {
            "type": "object",
            "description": "An agent as shown to users.",
            "properties": {
              "name": {"type": "string"},
              "region": {"type": "string"},
              "network": {"type": "string", "description": "The network label (ISP or hosting provider); may be empty."}
            },
            "required": ["name", "region", "network"]
          },
          "VantageResult": {
            "type": "object",
            "description": "One agent's answer to an ad-hoc check.",
            "properties": {
              "agent": {"$ref": "#/components/schemas/AgentRef"},
              "result": {"$ref": "#/components/schemas/ProbeResult"},
              "confirmation": {
                "anyOf": [{"$ref": "#/components/schemas/ProbeResult"}, {"type": "null"}],
                "description": "The second attempt, made after a network-level failure of the first (`confirm_after_ms`); null otherwise."
              },
              "received_at": {
                "type": ["integer", "null"],
                "format": "int64",
                "description": "When the coordinator stored the result (epoch seconds)."
              }
            },
            "required": ["agent", "result", "confirmation", "received_at"]
          },
          "CheckDocument": {
            "type": "object",
            "description": "An ad-hoc check: each agent's result and the agents that have not answered. Never a password. Every key is always present.",
            "properties": {
              "id": {"type": "string", "format": "uuid", "description": "The check's id, for `GET /v1/checks/{id}`."},
              "kind": {
                "type": "string",
                "enum": ["login", "reachability"],
                "description": "`login` when a username and password were given and `private` was not set; `reachability` otherwise."
              },
              "url": {"type": "string", "description": "The normalised base URL (never with credentials)."},
              "username": {"type": ["string", "null"]},
              "created_at": {"type": "integer", "format": "int64", "description": "Epoch seconds."},
              "finished_at": {
                "type": ["integer", "null"],
                "format": "int64",
                "description": "When every agent had answered, the check's 60 s deadline passed, or (at once) no agent was online. Null while running."
              },
              "status": {
                "type": "string",
                "enum": ["complete", "running", "partial"],
                "description": "`complete`: no agent is missing (also when no agent was online, with empty `vantages`). `running`: agents are missing and the check has not finished. `partial`: finished with agents missing."
              },
              "vantages": {
                "type": "array",
                "items": {"$ref": "#/components/schemas/VantageResult"},
                "description": "Answers so far, by region then name."
              },
              "missing": {
                "type": "array",
                "items": {"$ref": "#/components/schemas/AgentRef"},
                "description": "Agents given the job that have not answered (yet)."
              },
              "reused": {
                "type": "boolean",
                "description": "True when `POST /v1/checks` returned an identical check (same kind, URL, username, password and regions) that was running or finished less than 30 s ago, instead of starting a new one. Always false from `GET /v1/checks/{id}`."
              },
              "verdict": {
                "allOf": [{"$ref": "#/components/schemas/Verdict"}],
                "description": "The answers so far cross-referenced: down for everyone, blocked in some regions, an account problem... (docs/verdicts.md). Recomputed on every read."
              }
            },
            "required": [
              "id",
              "kind",
              "url",
              "username",
              "created_at",
              "finished_at",
              "status",
              "vantages",
              "missing",
              "reused",
              "verdict"
            ]
          },
          "RegionName": {
            "type": "string",
            "minLength": 1,
            "maxLength": 64,
            "description": "1 to 64 characters, each a letter or digit (Unicode letters and digits count) or one of `-`, `_`, `.`."
          },
          "CheckRequest": {
            "type": "object",
            "description": "The body of `POST /v1/checks`. Unknown keys are ignored.",
            "properties": {
              "url": {
                "type": "string",
                "description": "The server URL: `http`/`https`, host, optional port and base path; a missing scheme means http. Credentials in the URL (`user:pass@host`, a pasted `get.php?username=\u2026&password=\u2026`, a stream URL) are taken from it and must agree with `username`/`password`. Only the normalised base URL is stored."
              },
              "username": {
                "type": ["string", "null"],
                "description": "Give both username and password, or neither (a reachability check)."
              },
              "password": {
                "type": ["string", "null"],
                "description": "Sent only to the agents that run the login; stored sealed (AES-GCM) while the check runs and deleted when it finishes. Never returned."
              },
              "regions": {
                "type": ["array", "null"],
                "items": {"$ref": "#/components/schemas/RegionName"},
                "minItems": 1,
                "maxItems": 64,
                "description": "Only agents in these regions get the job; absent or null: every region. Duplicates are removed and the list is sorted. An empty list is refused (400)."
              },
              "wait_seconds": {
                "type": ["integer", "null"],
                "minimum": 0,
                "maximum": 60,
                "default": 20,
                "description": "How long to hold the request for the agents' answers; 0 answers at once (poll `GET /v1/checks/{id}` afterwards)."
              },
              "private": {
                "type": ["boolean", "null"],
                "default": false,
                "description": "Keep the password away from the coordinator and the agents: they run a `reachability` check (the username is still stored and shown). The password is only validated, never stored."
              }
            },
            "required": ["url"]
          },
          "TargetRequest": {
            "type": "object",
            "description": "The body of `POST /v1/targets`. Unknown keys are ignored.",
            "properties": {
              "url": {
                "type": "string",
                "description": "The server URL: `http`/`https`, host, optional port and base path; a missing scheme means http. Credentials in the URL (`user:pass@host`, a pasted `get.php?username=\u2026&password=\u2026`, a stream URL) are taken from it and must agree with `username`/`password`. Only the normalised base URL is stored."
              },
              "username": {
                "type": ["string", "null"],
                "description": "Give both username and password (login checks), or neither (reachability checks)."
              },
              "password": {
                "type": ["string", "null"],
                "description": "Stored sealed (AES-GCM) until the target is deleted; never returned."
              },
              "name": {
                "type": ["string", "null"],
                "minLength": 1,
                "maxLength": 200,
                "description": "1 to 200 characters; defaults to the normalised base URL (which must then fit too)."
              },
              "interval_seconds": {
                "type": "integer",
                "minimum": 60,
                "maximum": 86400,
                "description": "How often every live agent checks it (\u00b110 % jitter)."
              },
              "public": {
                "type": ["boolean", "null"],
                "default": false,
                "description": "Stored and returned; the API does not use it yet (every read token sees every target)."
              },
              "regions": {
                "type": ["array", "null"],
                "items": {"$ref": "#/components/schemas/RegionName"},
                "minItems": 1,
                "maxItems": 64,
                "description": "Only agents in these regions check it; absent or null: every region. Duplicates are removed and the list is sorted. An empty list is refused (400)."
              }
            },
            "required": ["url", "interval_seconds"]
          },
          "TargetRunDocument": {
            "type": "object",
            "description": "`POST /v1/targets/{id}/run`: the run started.",
            "properties": {
              "target_id": {"type": "integer", "format": "int64", "minimum": 1},
              "agents": {"type": "integer", "minimum": 0, "description": "Agents that got a job."}
            },
            "required": ["target_id", "agents"]
          },
          "TargetDocument": {
            "type": "object",
            "description": "A monitored target. Never the password. Every key is always present.",
            "properties": {
              "id": {"type": "integer", "format": "int64", "minimum": 1},
              "name": {"type": "string"},
              "url": {"type": "string", "description": "The normalised base URL (never with credentials)."},
              "username": {"type": ["string", "null"]},
              "has_password": {"type": "boolean", "description": "Whether a password is stored; the password itself is never returned."},
              "interval_seconds": {"type": "integer", "minimum": 60, "maximum": 86400},
              "public": {"type": "boolean"},
              "regions": {"type": ["array", "null"], "items": {"type": "string"}, "description": "Null: every region."},
              "created_at": {"type": "integer", "format": "int64", "description": "Epoch seconds."},
              "next_run_at": {
                "type": "integer",
                "format": "int64",
                "description": "When the scheduler next creates jobs for it (epoch seconds); the first run is spread over one interval."
              }
            },
            "required": [
              "id",
              "name",
              "url",
              "username",
              "has_password",
              "interval_seconds",
              "public",
              "regions",
              "created_at",
              "next_run_at"
            ]
          },
          "TargetList": {
            "type": "object",
            "description": "Every target, by id.",
            "properties": {"targets": {"type": "array", "items": {"$ref": "#/components/schemas/TargetDocument"}}},
            "required": ["targets"]
          },
          "HistoryEntry": {
            "type": "object",
            "description": "One stored result of a target.",
            "properties": {
              "result_id": {"type": "string", "format": "uuid"},
              "agent": {"$ref": "#/components/schemas/AgentRef"},
              "started_at": {"type": "integer", "format": "int64", "description": "When the check started (epoch seconds)."},
              "result": {"$ref": "#/components/schemas/ProbeResult"},
              "confirmation": {
                "anyOf": [{"$ref": "#/components/schemas/ProbeResult"}, {"type": "null"}],
                "description": "The second attempt after a network-level failure; null when there was none (the coordinator writes the key with null; read a missing key the same way)."
              }
            },
            "required": ["result_id", "agent", "started_at", "result"]
          },
          "HistoryPage": {
            "type": "object",
            "description": "A page of a target's history.",
            "properties": {
              "results": {
                "type": "array",
                "items": {"$ref": "#/components/schemas/HistoryEntry"},
                "maxItems": 1000,
                "description": "Oldest first (by `started_at`, then `result_id`)."
              },
              "next": {
                "type": ["string", "null"],
                "pattern": "^[0-9.eE+-]+/[0-9a-fA-F-]{36}$",
                "description": "An opaque cursor (`<epoch>/<result_id>`): pass it as `after` (with the same `since`) for the next page. Null on the last page."
              }
            },
            "required": ["results", "next"]
          },
          "AgentRecord": {
            "type": "object",
            "description": "An enrolled agent (never its token). Optional keys are omitted, not null, when they have no value.",
            "properties": {
              "id": {"type": "integer", "format": "int64"},
              "name": {"type": "string"},
              "region": {"type": "string"},
              "network": {"type": "string", "description": "May be empty."},
              "created_at": {"type": "integer", "format": "int64", "description": "When the agent was enrolled (epoch seconds)."},
              "revoked_at": {
                "type": ["integer", "null"],
                "format": "int64",
                "description": "When its token was revoked; the key is absent for an active agent."
              },
              "last_seen_at": {
                "type": ["integer", "null"],
                "format": "int64",
                "description": "Last heartbeat, poll or result batch; the key is absent before the first."
              },
              "last_address": {
                "type": ["string", "null"],
                "description": "The source address the coordinator last saw; absent before the first contact."
              },
              "version": {"type": ["string", "null"], "description": "From the last heartbeat; absent before the first."},
              "in_flight": {"type": "integer", "minimum": 0, "description": "Checks running, from the last heartbeat."},
              "max_concurrency": {"type": "integer", "minimum": 0},
              "spool_depth": {"type": "integer", "minimum": 0, "description": "Results waiting in the agent's spool."},
              "spool_dropped": {
                "type": "integer",
                "minimum": 0,
                "description": "Spool records dropped (spool full) since the agent started."
              },
              "online": {
                "type": "boolean",
                "description": "Seen within the last 90 s and not revoked: only online agents get jobs."
              }
            },
            "required": [
              "id",
              "name",
              "region",
              "network",
              "created_at",
              "in_flight",
              "max_concurrency",
              "spool_depth",
              "spool_dropped",
              "online"
            ]
          },
          "AgentList": {
            "type": "object",
            "description": "Every enrolled agent, revoked ones included, by name.",
            "properties": {"agents": {"type": "array", "items": {"$ref": "#/components/schemas/AgentRecord"}}},
            "required": ["agents"]
          },
          "OverallVerdict": {
            "type": "string",
            "description": "The overall answer for the target (docs/verdicts.md): `up`, `down_for_everyone`, `blocked_for_you`, `blocked_in_some_regions`, `account_problem` (`reason` says how), `inconclusive` (xcheck does not guess).",
            "enum": ["up", "down_for_everyone", "blocked_for_you", "blocked_in_some_regions", "account_problem", "inconclusive"]
          },
          "RegionVerdict": {
            "type": "string",
            "description": "The answer for one region, by strict majority of its usable vantages.",
            "enum": ["up", "down", "blocked", "account_problem", "inconclusive"]
          },
          "VerdictRule": {
            "type": "string",
            "description": "The rule that decided the verdict; one section of docs/verdicts.md each.",
            "enum": [
              "too_few_networks",
              "account_refused",
              "account_disagreement",
              "works_from_your_network",
              "your_network_blocked",
              "your_network_unusable",
              "your_network_unconfirmed",
              "works_from_agents",
              "regional_blocking",
              "shared_failure",
              "contradictory"
            ]
          },
          "BlockingType": {
            "type": "string",
            "description": "How a vantage or region is blocked (after OONI Web Connectivity): `dns`, `tcp_ip`, `http_failure` (TLS or HTTP breaks after the connection), `http_diff` (an answer that is not the panel's).",
            "enum": ["dns", "tcp_ip", "http_failure", "http_diff"]
          },
          "Vantage": {
            "type": "object",
            "description": "A place a check runs from.",
            "properties": {
              "name": {"type": "string"},
              "kind": {
                "type": "string",
                "enum": ["agent", "local"],
                "description": "The coordinator's vantages are always `agent`; `local` is the user's machine in `xcheck check`."
              },
              "region": {"type": "string"},
              "network": {"type": "string"}
            },
            "required": ["name", "kind", "region", "network"]
          },
          "VerdictConfidence": {
            "type": "object",
            "description": "How much evidence stands behind the verdict.",
            "properties": {
              "vantages": {"type": "integer", "minimum": 0, "description": "Usable vantages."},
              "networks": {"type": "integer", "minimum": 0, "description": "Distinct networks among them."}
            },
            "required": ["vantages", "networks"]
          },
          "RegionReport": {
            "type": "object",
            "description": "One region's line in a verdict.",
            "properties": {
              "region": {"type": "string"},
              "verdict": {"$ref": "#/components/schemas/RegionVerdict"},
              "vantages": {
                "type": "array",
                "items": {"type": "string"},
                "description": "Names of the region's vantages that answered."
              },
              "missing": {
                "type": "array",
                "items": {"type": "string"},
                "description": "Names of the region's vantages that did not answer."
              },
              "blocking": {
                "anyOf": [{"$ref": "#/components/schemas/BlockingType"}, {"type": "null"}],
                "description": "The most common blocking type when the region is `blocked`; null otherwise."
              },
              "note": {"type": ["string", "null"], "description": "Why the region got its verdict when it is not plain."}
            },
            "required": ["region", "verdict", "vantages", "missing", "blocking", "note"]
          },
          "VantageReport": {
            "type": "object",
            "description": "One vantage's line in a verdict. `outcome`, `stage`, `http_status` and `timings_ms` are those of the attempt that counted (the second one for a flaky vantage).",
            "properties": {
              "name": {"type": "string"},
              "kind": {"type": "string", "enum": ["agent", "local"]},
              "region": {"type": "string"},
              "network": {"type": "string"},
              "outcome": {"$ref": "#/components/schemas/Outcome"},
              "stage": {
                "anyOf": [{"$ref": "#/components/schemas/Stage"}, {"type": "null"}],
                "description": "Null for `ok` and `reachable`."
              },
              "blocking": {
                "anyOf": [{"$ref": "#/components/schemas/BlockingType"}, {"type": "null"}],
                "description": "How this vantage is blocked; null when it is not (or its failure cannot count)."
              },
              "timings_ms": {"$ref": "#/components/schemas/StageTimings"},
              "http_status": {"type": ["integer", "null"]},
              "usable": {
                "type": "boolean",
                "description": "Whether this answer took part in the comparison (false for an unconfirmed network failure, `rate_limited`, `cdn_challenge`, `target_forbidden`)."
              },
              "attempts": {"type": "integer", "minimum": 1, "maximum": 2},
              "confirmed": {
                "type": ["boolean", "null"],
                "description": "After a network-level failure: true when the second attempt failed too, false when it got through (flaky); null otherwise."
              },
              "note": {"type": ["string", "null"]}
            },
            "required": [
              "name",
              "kind",
              "region",
              "network",
              "outcome",
              "stage",
              "blocking",
              "timings_ms",
              "http_status",
              "usable",
              "attempts",
              "confirmed",
              "note"
            ]
          },
          "VerdictAlternative": {
            "type": "object",
            "description": "Another URL for the panel, merged from the vantages that reported it.",
            "properties": {
              "url": {"type": "string"},
              "outcome": {"$ref": "#/components/schemas/Outcome"},
              "kind": {"$ref": "#/components/schemas/CheckKind"},
              "tried_locally": {
                "type": "boolean",
                "description": "Measured from the user's own network (never, in the coordinator's verdicts)."
              },
              "vantages": {"type": "array", "items": {"type": "string"}, "description": "The vantages that reported it."}
            },
            "required": ["url", "outcome", "kind", "tried_locally", "vantages"]
          },
          "Verdict": {
            "type": "object",
            "description": "The agents' results cross-referenced into one answer, overall and per region (`XCheckVerdict.Verdict`, docs/verdicts.md). The same document as `xcheck check --json`, without the user's own machine. Every key is always present.",
            "properties": {
              "verdict": {"$ref": "#/components/schemas/OverallVerdict"},
              "reason": {
                "anyOf": [{"$ref": "#/components/schemas/Outcome"}, {"type": "null"}],
                "description": "The outcome code that explains the verdict; null only when no vantage answered."
              },
              "rule": {"$ref": "#/components/schemas/VerdictRule"},
              "summary": {"type": "string", "description": "One sentence for people."},
              "regions": {"type": "array", "items": {"$ref": "#/components/schemas/RegionReport"}},
              "vantages": {"type": "array", "items": {"$ref": "#/components/schemas/VantageReport"}},
              "missing": {
                "type": "array",
                "items": {"$ref": "#/components/schemas/Vantage"},
                "description": "Vantages that were asked but did not answer."
              },
              "confidence": {"$ref": "#/components/schemas/VerdictConfidence"},
              "alternatives": {"type": "array", "items": {"$ref": "#/components/schemas/VerdictAlternative"}},
              "advice": {"type": "array", "items": {"type": "string"}}
            },
            "required": [
              "verdict",
              "reason",
              "rule",
              "summary",
              "regions",
              "vantages",
              "missing",
              "confidence",
              "alternatives",
              "advice"
            ]
          },
          "TargetVerdictDocument": {
            "type": "object",
            "description": "`GET /v1/targets/{id}/verdict`: the verdict of each agent's latest result within the window.",
            "properties": {
              "target_id": {"type": "integer", "format": "int64", "minimum": 1},
              "window_seconds": {"type": "integer", "minimum": 60, "description": "Results older than this were not used."},
              "verdict": {"$ref": "#/components/schemas/Verdict"}
            },
            "required": ["target_id", "window_seconds", "verdict"]
          },
          "AlertKind": {
            "type": "string",
            "description": "Where an alert sends: a generic JSON webhook, a Telegram bot message, a Discord webhook message.",
            "enum": [
              "webhook",
              "telegram",
              "discord"
            ]
          },
          "AlertRequest": {
            "type": "object",
            "description": "A new alert. `url` (webhook, discord) or `bot_token` and `chat_id` (telegram).",
            "properties": {
              "kind": {
                "$ref": "#/components/schemas/AlertKind"
              },
              "name": {
                "type": "string",
                "minLength": 1,
                "maxLength": 200,
                "description": "Default: the kind and the redacted destination."
              },
              "target_id": {
                "type": [
                  "integer",
                  "null"
                ],
                "format": "int64",
                "description": "Only this target; absent or null: every monitored target."
              },
              "url": {
                "type": "string",
                "maxLength": 2048,
                "description": "A secret: absolute http(s) URL, no user name."
              },
              "bot_token": {
                "type": "string",
                "description": "A secret: the Telegram bot token."
              },
              "chat_id": {
                "type": "string",
                "description": "Telegram chat: a number or @channelname."
              },
              "sign": {
                "type": "boolean",
                "description": "Webhook only: sign POSTs with HMAC-SHA256 (`X-XCheck-Signature`)."
              }
            },
            "required": [
              "kind"
            ],
            "additionalProperties": false
          },
          "AlertDocument": {
            "type": "object",
            "description": "An alert. The destination only redacted. Every key is always present except `signing_secret`.",
            "properties": {
              "id": {
                "type": "integer",
                "format": "int64",
                "minimum": 1
              },
              "name": {
                "type": "string"
              },
              "kind": {
                "$ref": "#/components/schemas/AlertKind"
              },
              "target_id": {
                "type": [
                  "integer",
                  "null"
                ],
                "format": "int64",
                "description": "Null: every monitored target."
              },
              "destination": {
                "type": "string",
                "description": "`https://hooks.example.net/…` or `telegram chat 12345`."
              },
              "signed": {
                "type": "boolean"
              },
              "created_at": {
                "type": "integer",
                "format": "int64",
                "description": "Epoch seconds."
              },
              "signing_secret": {
                "type": "string",
                "description": "Only in the answer to the create call with `sign: true`."
              }
            },
            "required": [
              "id",
              "name",
              "kind",
              "target_id",
              "destination",
              "signed",
              "created_at"
            ]
          },
          "AlertList": {
            "type": "object",
            "description": "Every alert, by id.",
            "properties": {
              "alerts": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/AlertDocument"
                }
              }
            },
            "required": [
              "alerts"
            ]
          },
          "VerdictSnapshot": {
            "type": "object",
            "description": "A verdict as alerts compare it: the overall verdict and each region's, regions sorted by name.",
            "properties": {
              "verdict": {
                "$ref": "#/components/schemas/OverallVerdict"
              },
              "regions": {
                "type": "array",
                "items": {
                  "type": "object",
                  "properties": {
                    "region": {
                      "type": "string"
                    },
                    "verdict": {
                      "$ref": "#/components/schemas/RegionVerdict"
                    }
                  },
                  "required": [
                    "region",
                    "verdict"
                  ]
                }
              }
            },
            "required": [
              "verdict",
              "regions"
            ]
          },
          "AlertEvent": {
            "type": "object",
            "description": "The event sent to webhooks (version 1; docs/alerts.md). No secret.",
            "properties": {
              "version": {
                "type": "integer",
                "const": 1
              },
              "type": {
                "type": "string",
                "const": "verdict_changed"
              },
              "event_id": {
                "type": "string",
                "format": "uuid",
                "description": "The same on every attempt: receivers drop duplicates by it."
              },
              "occurred_at": {
                "type": "integer",
                "format": "int64"
              },
              "target": {
                "type": "object",
                "properties": {
                  "id": {
                    "type": "integer",
                    "format": "int64"
                  },
                  "name": {
                    "type": "string"
                  },
                  "url": {
                    "type": "string"
                  }
                },
                "required": [
                  "id",
                  "name",
                  "url"
                ]
              },
              "before": {
                "$ref": "#/components/schemas/VerdictSnapshot"
              },
              "after": {
                "$ref": "#/components/schemas/VerdictSnapshot"
              },
              "changes": {
                "type": "array",
                "items": {
                  "type": "object",
                  "properties": {
                    "region": {
                      "type": "string"
                    },
                    "before": {
                      "oneOf": [
                        {
                          "$ref": "#/components/schemas/RegionVerdict"
                        },
                        {
                          "type": "null"
                        }
                      ]
                    },
                    "after": {
                      "oneOf": [
                        {
                          "$ref": "#/components/schemas/RegionVerdict"
                        },
                        {
                          "type": "null"
                        }
                      ]
                    }
                  },
                  "required": [
                    "region",
                    "before",
                    "after"
                  ]
                }
              },
              "rule": {
                "$ref": "#/components/schemas/VerdictRule"
              },
              "reason": {
                "oneOf": [
                  {
                    "$ref": "#/components/schemas/Outcome"
                  },
                  {
                    "type": "null"
                  }
                ]
              },
              "summary": {
                "type": "string"
              }
            },
            "required": [
              "version",
              "type",
              "event_id",
              "occurred_at",
              "target",
              "before",
              "after",
              "changes",
              "rule",
              "reason",
              "summary"
            ]
          },
          "AlertDelivery": {
            "type": "object",
            "description": "One event for one alert: the delivery log. `last_error` never holds the destination.",
            "properties": {
              "id": {
                "type": "integer",
                "format": "int64"
              },
              "alert_id": {
                "type": [
                  "integer",
                  "null"
                ],
                "format": "int64",
                "description": "Null once the alert was removed."
              },
              "alert_name": {
                "type": [
                  "string",
                  "null"
                ]
              },
              "target_id": {
                "type": "integer",
                "format": "int64"
              },
              "state": {
                "type": "string",
                "enum": [
                  "pending",
                  "delivered",
                  "failed"
                ]
              },
              "attempts": {
                "type": "integer",
                "minimum": 0
              },
              "last_status": {
                "type": [
                  "integer",
                  "null"
                ]
              },
              "last_error": {
                "type": [
                  "string",
                  "null"
                ]
              },
              "created_at": {
                "type": "integer",
                "format": "int64"
              },
              "last_attempt_at": {
                "type": [
                  "integer",
                  "null"
                ],
                "format": "int64"
              },
              "next_attempt_at": {
                "type": [
                  "integer",
                  "null"
                ],
                "format": "int64",
                "description": "Pending only."
              },
              "delivered_at": {
                "type": [
                  "integer",
                  "null"
                ],
                "format": "int64"
              },
              "event": {
                "$ref": "#/components/schemas/AlertEvent"
              }
            },
            "required": [
              "id",
              "alert_id",
              "alert_name",
              "target_id",
              "state",
              "attempts",
              "last_status",
              "last_error",
              "created_at",
              "last_attempt_at",
              "next_attempt_at",
              "delivered_at",
              "event"
            ]
          },
          "AlertDeliveryList": {
            "type": "object",
            "description": "A target's deliveries, newest first.",
            "properties": {
              "deliveries": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/AlertDelivery"
                }
              }
            },
            "required": [
              "deliveries"
            ]
          },
          "AgentHeartbeat": {
            "type": "object",
            "description": "`POST /v1/agent/heartbeat`: the agent is alive and this loaded.",
            "properties": {
              "version": {"type": "string", "maxLength": 64, "description": "The agent's version, at most 64 characters."},
              "in_flight": {"type": "integer", "minimum": 0, "description": "Checks running now."},
              "max_concurrency": {"type": "integer", "minimum": 0, "description": "The most checks it runs at once."},
              "spool_depth": {"type": "integer", "minimum": 0, "description": "Results waiting in its spool to be acknowledged."},
              "spool_dropped": {
                "type": "integer",
                "minimum": 0,
                "description": "Spool records dropped because the spool was full, since the agent started."
              }
            },
            "required": ["version", "in_flight", "max_concurrency", "spool_depth", "spool_dropped"]
          },
          "AgentHeartbeatResponse": {
            "type": "object",
            "description": "Who the coordinator thinks this agent is.",
            "properties": {
              "name": {"type": "string"},
              "region": {"type": "string"},
              "network": {"type": "string"},
              "server_time": {"type": "integer", "format": "int64", "description": "The coordinator's clock (epoch seconds)."},
              "observed_address": {
                "type": ["string", "null"],
                "description": "The source address the coordinator saw; the key is absent when unknown."
              }
            },
            "required": ["name", "region", "network", "server_time"]
          },
          "AgentPollRequest": {
            "type": "object",
            "description": "`POST /v1/agent/jobs/poll`.",
            "properties": {
              "max_jobs": {
                "type": "integer",
                "minimum": 1,
                "maximum": 100,
                "description": "The most jobs to take now (free capacity)."
              },
              "wait_seconds": {
                "type": "integer",
                "minimum": 0,
                "maximum": 25,
                "description": "How long the coordinator may hold the request."
              },
              "session": {
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
                "description": "The agent process's session: a random id per start, the same for every poll of that process. A poll from a new session gets again the jobs the agent claimed and never answered (a poll held for the previous process may have claimed them after it was gone). A newer poll of the same agent supersedes a held one, which then claims nothing."
              },
              "spooled_jobs": {
                "type": "array",
                "maxItems": 1000,
                "items": {"type": "string", "format": "uuid"},
                "description": "With the first poll of a session: the jobs whose results the agent found in its spool at start. They are answered already and are not handed out again."
              }
            },
            "required": ["max_jobs", "wait_seconds"]
          },
          "AgentJob": {
            "type": "object",
            "description": "One check the coordinator hands to an agent (docs/protocol.md). Optional keys are omitted, not null.",
            "properties": {
              "job_id": {"type": "string", "format": "uuid"},
              "kind": {"type": "string", "enum": ["login", "reachability"]},
              "url": {"type": "string", "description": "The normalised base URL."},
              "username": {"type": ["string", "null"], "description": "Absent when the target has none."},
              "password": {
                "type": ["string", "null"],
                "description": "Only in `login` jobs: the one place a password leaves the coordinator. Absent otherwise."
              },
              "confirm_after_ms": {
                "type": ["integer", "null"],
                "minimum": 0,
                "description": "After a network-level failure (DNS, connect, TLS, no HTTP answer) wait this long, try once more and report both attempts. The coordinator sends 3000."
              },
              "deadline": {
                "type": "integer",
                "format": "int64",
                "description": "Skip the job if it cannot start before this moment (epoch seconds)."
              }
            },
            "required": ["job_id", "kind", "url", "deadline"]
          },
          "AgentPollResponse": {
            "type": "object",
            "description": "Zero or more jobs, now claimed by this agent.",
            "properties": {"jobs": {"type": "array", "items": {"$ref": "#/components/schemas/AgentJob"}, "maxItems": 100}},
            "required": ["jobs"]
          },
          "AgentResult": {
            "type": "object",
            "description": "One finished job.",
            "properties": {
              "result_id": {
                "type": "string",
                "format": "uuid",
                "description": "Chosen by the agent when the check finishes and kept with it in its spool, so a retried batch is recognised."
              },
              "job_id": {"type": "string", "format": "uuid", "description": "The job this answers."},
              "result": {"$ref": "#/components/schemas/ProbeResult"},
              "confirmation": {
                "anyOf": [{"$ref": "#/components/schemas/ProbeResult"}, {"type": "null"}],
                "description": "The second attempt after a network-level failure; absent or null otherwise."
              }
            },
            "required": ["result_id", "job_id", "result"]
          },
          "AgentResultBatch": {
            "type": "object",
            "description": "`POST /v1/agent/results`: 1 to 500 results.",
            "properties": {
              "results": {"type": "array", "items": {"$ref": "#/components/schemas/AgentResult"}, "minItems": 1, "maxItems": 500}
            },
            "required": ["results"]
          },
          "AgentResultAck": {
            "type": "object",
            "description": "Sent only after the batch is committed: every id in either list is stored and may be dropped from the spool.",
            "properties": {
              "accepted": {
                "type": "array",
                "items": {"type": "string", "format": "uuid"},
                "description": "Ids stored by this request."
              },
              "duplicates": {
                "type": "array",
                "items": {"type": "string", "format": "uuid"},
                "description": "Ids that were already stored (a retried batch)."
              }
            },
            "required": ["accepted", "duplicates"]
          }
        },
        "responses": {
          "Unauthorized": {
            "description": "No usable token: the `Authorization` header is missing, is not `Bearer <token>`, the token is malformed, unknown or revoked. The response carries `WWW-Authenticate: Bearer`.",
            "headers": {"WWW-Authenticate": {"description": "Always `Bearer`.", "schema": {"type": "string", "const": "Bearer"}}},
            "content": {
              "application/json": {
                "schema": {"$ref": "#/components/schemas/APIError"},
                "examples": {
                  "unauthorized": {"value": {"error": {"code": "unauthorized", "message": "a valid bearer token is required"}}}
                }
              }
            }
          },
          "ForbiddenAgentAPI": {
            "description": "A valid token of the wrong kind: an API user's token (`xct_\u2026`) on the agent API.",
            "content": {
              "application/json": {
                "schema": {"$ref": "#/components/schemas/APIError"},
                "examples": {
                  "user_token": {"value": {"error": {"code": "forbidden", "message": "only agents can use the agent API"}}}
                }
              }
            }
          },
          "ForbiddenRead": {
            "description": "A valid token of the wrong kind: an agent's token (`xca_\u2026`) on the user API.",
            "content": {
              "application/json": {
                "schema": {"$ref": "#/components/schemas/APIError"},
                "examples": {
                  "agent_token": {"value": {"error": {"code": "forbidden", "message": "an agent token cannot use the user API"}}}
                }
              }
            }
          },
          "ForbiddenCheck": {
            "description": "A valid token of the wrong kind: an agent's token (`xca_\u2026`) on the user API, or a user token whose scope is below `check`.",
            "content": {
              "application/json": {
                "schema": {"$ref": "#/components/schemas/APIError"},
                "examples": {
                  "agent_token": {"value": {"error": {"code": "forbidden", "message": "an agent token cannot use the user API"}}},
                  "scope_read": {
                    "value": {"error": {"code": "forbidden", "message": "this token's scope is 'read'; this needs 'check'"}}
                  }
                }
              }
            }
          },
          "ForbiddenAdmin": {
            "description": "A valid token of the wrong kind: an agent's token (`xca_\u2026`) on the user API, or a user token whose scope is below `admin`.",
            "content": {
              "application/json": {
                "schema": {"$ref": "#/components/schemas/APIError"},
                "examples": {
                  "agent_token": {"value": {"error": {"code": "forbidden", "message": "an agent token cannot use the user API"}}},
                  "scope_read": {
                    "value": {"error": {"code": "forbidden", "message": "this token's scope is 'read'; this needs 'admin'"}}
                  },
                  "scope_check": {
                    "value": {"error": {"code": "forbidden", "message": "this token's scope is 'check'; this needs 'admin'"}}
                  }
                }
              }
            }
          },
          "BodyTooLarge": {
            "description": "The request body is larger than the coordinator's limit (1 MiB).",
            "content": {
              "application/json": {
                "schema": {"$ref": "#/components/schemas/APIError"},
                "examples": {
                  "body_too_large": {"value": {"error": {"code": "body_too_large", "message": "the request body is larger than 1 MiB"}}}
                }
              }
            }
          },
          "InternalError": {
            "description": "An unexpected error; details are logged by the coordinator and withheld from the answer.",
            "content": {
              "application/json": {
                "schema": {"$ref": "#/components/schemas/APIError"},
                "examples": {"internal": {"value": {"error": {"code": "internal", "message": "internal error"}}}}
              }
            }
          },
          "ServiceUnavailable": {
            "description": "PostgreSQL is not reachable (`database_unavailable`: retry shortly), or the coordinator is shutting down (`shutting_down`: retry, another replica may answer).",
            "content": {
              "application/json": {
                "schema": {"$ref": "#/components/schemas/APIError"},
                "examples": {
                  "database_unavailable": {
                    "value": {
                      "error": {"code": "database_unavailable", "message": "the database is not reachable; try again shortly"}
                    }
                  },
                  "shutting_down": {"value": {"error": {"code": "shutting_down", "message": "the coordinator is shutting down"}}}
                }
              }
            }
          },
          "InvalidTarget": {
            "description": "The server URL or the credentials cannot be used (`invalid_target`): an unsupported scheme, no host, a bad port, a username without a password or the reverse, credentials in the URL that differ from `username`/`password`, and so on. The message says what is wrong and never contains the password.",
            "content": {
              "application/json": {
                "schema": {"$ref": "#/components/schemas/APIError"},
                "examples": {
                  "bad_port": {"value": {"error": {"code": "invalid_target", "message": "port 70000 is out of range (1-65535)"}}},
                  "username_only": {
                    "value": {
                      "error": {
                        "code": "invalid_target",
                        "message": "a username was given but no password; give both, or neither for a port check"
                      }
                    }
                  }
                }
              }
            }
          },
          "TargetNotFound": {
            "description": "No target with this id, or the id is not a positive integer.",
            "content": {
              "application/json": {
                "schema": {"$ref": "#/components/schemas/APIError"},
                "examples": {
                  "no_target": {"value": {"error": {"code": "not_found", "message": "no target 7"}}},
                  "bad_id": {"value": {"error": {"code": "not_found", "message": "target ids are positive integers"}}}
                }
              }
            }
          }
        },
        "examples": {
          "TargetVerdictDocument": {
            "summary": "Blocked in one region",
            "value": {
              "target_id": 7,
              "window_seconds": 900,
              "verdict": {
                "verdict": "blocked_in_some_regions",
                "reason": "connection_timeout",
                "rule": "regional_blocking",
                "summary": "Blocked in us-east (tcp_ip) while eu-central reaches the panel.",
                "regions": [
                  {
                    "region": "eu-central",
                    "verdict": "up",
                    "vantages": ["fra-1"],
                    "missing": [],
                    "blocking": null,
                    "note": null
                  },
                  {
                    "region": "us-east",
                    "verdict": "blocked",
                    "vantages": ["nyc-1"],
                    "missing": [],
                    "blocking": "tcp_ip",
                    "note": null
                  }
                ],
                "vantages": [
                  {
                    "name": "fra-1",
                    "kind": "agent",
                    "region": "eu-central",
                    "network": "hetzner",
                    "outcome": "ok",
                    "stage": null,
                    "blocking": null,
                    "timings_ms": {"dns": 12.4, "connect": 31, "tls": null, "first_byte": 88.2, "total": 90.5},
                    "http_status": 200,
                    "usable": true,
                    "attempts": 1,
                    "confirmed": null,
                    "note": null
                  },
                  {
                    "name": "nyc-1",
                    "kind": "agent",
                    "region": "us-east",
                    "network": "vultr",
                    "outcome": "connection_timeout",
                    "stage": "connect",
                    "blocking": "tcp_ip",
                    "timings_ms": {"dns": 14, "connect": null, "tls": null, "first_byte": null, "total": 10014.2},
                    "http_status": null,
                    "usable": true,
                    "attempts": 2,
                    "confirmed": true,
                    "note": null
                  }
                ],
                "missing": [],
                "confidence": {"vantages": 2, "networks": 2},
                "alternatives": [],
                "advice": [
                  "us-east: TCP/IP: connections are dropped, refused or reset.",
                  "If you are in a blocked region, use another network (mobile data), a VPN, or another port or https if the panel offers one.",
                  "Run the check with your own machine included to see whether your network is affected."
                ]
              }
            }
          },
          "CheckDocument": {
            "summary": "A running check: two agents answered, one is missing",
            "value": {
              "id": "0b6f3f2e-6d3a-4c1e-9a57-2f4f8c1d9e01",
              "kind": "login",
              "url": "http://panel.example:8080",
              "username": "alice",
              "created_at": 1795918379,
              "finished_at": null,
              "status": "running",
              "vantages": [
                {
                  "agent": {"name": "fra-1", "region": "eu-central", "network": "hetzner"},
                  "result": {
                    "target": {
                      "url": "http://panel.example:8080",
                      "scheme": "http",
                      "host": "panel.example",
                      "port": 8080,
                      "username": "alice"
                    },
                    "kind": "login",
                    "input_warnings": [],
                    "outcome": "ok",
                    "stage": null,
                    "detail": "Logged in: the account is active and 1 of 2 connections are in use.",
                    "http_status": 200,
                    "timings_ms": {"dns": 12.4, "connect": 31.0, "tls": null, "first_byte": 88.2, "total": 90.5},
                    "panel": "xtream_codes",
                    "panel_version": null,
                    "account": {
                      "status": "active",
                      "expires_at": 1798761600,
                      "is_trial": false,
                      "active_connections": 1,
                      "max_connections": 2,
                      "created_at": 1767225600,
                      "message": null,
                      "allowed_output_formats": ["m3u8", "ts"],
                      "days_left": 33
                    },
                    "resolved_addresses": ["203.0.113.10"],
                    "connected_address": "203.0.113.10",
                    "alternatives": [],
                    "ports": [
                      {
                        "host": "panel.example",
                        "port": 8080,
                        "service": "http",
                        "outcome": "reachable",
                        "stage": null,
                        "detail": "TCP connection to 203.0.113.10:8080 established.",
                        "connected_address": "203.0.113.10",
                        "timings_ms": {"dns": 10.1, "connect": 30.2, "tls": null, "first_byte": null, "total": 40.3}
                      }
                    ],
                    "advice": [],
                    "started_at": 1795918380
                  },
                  "confirmation": null,
                  "received_at": 1795918381
                },
                {
                  "agent": {"name": "nyc-1", "region": "us-east", "network": "vultr"},
                  "result": {
                    "target": {
                      "url": "http://panel.example:8080",
                      "scheme": "http",
                      "host": "panel.example",
                      "port": 8080,
                      "username": "alice"
                    },
                    "kind": "login",
                    "input_warnings": [],
                    "outcome": "connection_timeout",
                    "stage": "connect",
                    "detail": "No answer to the TCP connection attempt to 203.0.113.10:8080 within 10 s.",
                    "http_status": null,
                    "timings_ms": {"dns": 14.0, "connect": null, "tls": null, "first_byte": null, "total": 10014.2},
                    "panel": "unknown",
                    "panel_version": null,
                    "account": null,
                    "resolved_addresses": ["203.0.113.10"],
                    "connected_address": null,
                    "alternatives": [],
                    "ports": [],
                    "advice": [
                      "The server did not answer from this network. Try another network to see whether it is blocked here."
                    ],
                    "started_at": 1795918381
                  },
                  "confirmation": {
                    "target": {
                      "url": "http://panel.example:8080",
                      "scheme": "http",
                      "host": "panel.example",
                      "port": 8080,
                      "username": "alice"
                    },
                    "kind": "login",
                    "input_warnings": [],
                    "outcome": "connection_timeout",
                    "stage": "connect",
                    "detail": "No answer to the TCP connection attempt to 203.0.113.10:8080 within 10 s.",
                    "http_status": null,
                    "timings_ms": {"dns": 14.0, "connect": null, "tls": null, "first_byte": null, "total": 10014.2},
                    "panel": "unknown",
                    "panel_version": null,
                    "account": null,
                    "resolved_addresses": ["203.0.113.10"],
                    "connected_address": null,
                    "alternatives": [],
                    "ports": [],
                    "advice": [
                      "The server did not answer from this network. Try another network to see whether it is blocked here."
                    ],
                    "started_at": 1795918394
                  },
                  "received_at": 1795918405
                }
              ],
              "missing": [{"name": "sgp-1", "region": "ap-southeast", "network": "digitalocean"}],
              "reused": false,
              "verdict": {
                "verdict": "blocked_in_some_regions",
                "reason": "connection_timeout",
                "rule": "regional_blocking",
                "summary": "Blocked in us-east (tcp_ip) while eu-central reaches the panel.",
                "regions": [
                  {
                    "region": "eu-central",
                    "verdict": "up",
                    "vantages": ["fra-1"],
                    "missing": [],
                    "blocking": null,
                    "note": null
                  },
                  {
                    "region": "us-east",
                    "verdict": "blocked",
                    "vantages": ["nyc-1"],
                    "missing": [],
                    "blocking": "tcp_ip",
                    "note": null
                  },
                  {
                    "region": "ap-southeast",
                    "verdict": "inconclusive",
                    "vantages": [],
                    "missing": ["sgp-1"],
                    "blocking": null,
                    "note": "No vantage in this region answered."
                  }
                ],
                "vantages": [
                  {
                    "name": "fra-1",
                    "kind": "agent",
                    "region": "eu-central",
                    "network": "hetzner",
                    "outcome": "ok",
                    "stage": null,
                    "blocking": null,
                    "timings_ms": {"dns": 12.4, "connect": 31, "tls": null, "first_byte": 88.2, "total": 90.5},
                    "http_status": 200,
                    "usable": true,
                    "attempts": 1,
                    "confirmed": null,
                    "note": null
                  },
                  {
                    "name": "nyc-1",
                    "kind": "agent",
                    "region": "us-east",
                    "network": "vultr",
                    "outcome": "connection_timeout",
                    "stage": "connect",
                    "blocking": "tcp_ip",
                    "timings_ms": {"dns": 14, "connect": null, "tls": null, "first_byte": null, "total": 10014.2},
                    "http_status": null,
                    "usable": true,
                    "attempts": 2,
                    "confirmed": true,
                    "note": null
                  }
                ],
                "missing": [{"name": "sgp-1", "kind": "agent", "region": "ap-southeast", "network": "digitalocean"}],
                "confidence": {"vantages": 2, "networks": 2},
                "alternatives": [],
                "advice": [
                  "us-east: TCP/IP: connections are dropped, refused or reset.",
                  "If you are in a blocked region, use another network (mobile data), a VPN, or another port or https if the panel offers one.",
                  "Run the check with your own machine included to see whether your network is affected."
                ]
              }
            }
          },
          "AgentResultBatch": {
            "summary": "One login result",
            "value": {
              "results": [
                {
                  "result_id": "9b1d4c3a-7e2f-4b6d-a1c8-3f5e7d9b2c10",
                  "job_id": "5f0c2a9d-1b7e-4f43-8d2a-6c3e9b1f4a77",
                  "result": {
                    "target": {
                      "url": "http://panel.example:8080",
                      "scheme": "http",
                      "host": "panel.example",
                      "port": 8080,
                      "username": "alice"
                    },
                    "kind": "login",
                    "input_warnings": [],
                    "outcome": "ok",
                    "stage": null,
                    "detail": "Logged in: the account is active and 1 of 2 connections are in use.",
                    "http_status": 200,
                    "timings_ms": {"dns": 12.4, "connect": 31.0, "tls": null, "first_byte": 88.2, "total": 90.5},
                    "panel": "xtream_codes",
                    "panel_version": null,
                    "account": {
                      "status": "active",
                      "expires_at": 1798761600,
                      "is_trial": false,
                      "active_connections": 1,
                      "max_connections": 2,
                      "created_at": 1767225600,
                      "message": null,
                      "allowed_output_formats": ["m3u8", "ts"],
                      "days_left": 33
                    },
                    "resolved_addresses": ["203.0.113.10"],
                    "connected_address": "203.0.113.10",
                    "alternatives": [],
                    "ports": [
                      {
                        "host": "panel.example",
                        "port": 8080,
                        "service": "http",
                        "outcome": "reachable",
                        "stage": null,
                        "detail": "TCP connection to 203.0.113.10:8080 established.",
                        "connected_address": "203.0.113.10",
                        "timings_ms": {"dns": 10.1, "connect": 30.2, "tls": null, "first_byte": null, "total": 40.3}
                      }
                    ],
                    "advice": [],
                    "started_at": 1795918380
                  },
                  "confirmation": null
                }
              ]
            }
          },
          "HistoryPage": {
            "summary": "Two results and a cursor to the next page",
            "value": {
              "results": [
                {
                  "result_id": "9b1d4c3a-7e2f-4b6d-a1c8-3f5e7d9b2c10",
                  "agent": {"name": "fra-1", "region": "eu-central", "network": "hetzner"},
                  "started_at": 1795918380,
                  "result": {
                    "target": {
                      "url": "http://panel.example:8080",
                      "scheme": "http",
                      "host": "panel.example",
                      "port": 8080,
                      "username": "alice"
                    },
                    "kind": "login",
                    "input_warnings": [],
                    "outcome": "ok",
                    "stage": null,
                    "detail": "Logged in: the account is active and 1 of 2 connections are in use.",
                    "http_status": 200,
                    "timings_ms": {"dns": 12.4, "connect": 31.0, "tls": null, "first_byte": 88.2, "total": 90.5},
                    "panel": "xtream_codes",
                    "panel_version": null,
                    "account": {
                      "status": "active",
                      "expires_at": 1798761600,
                      "is_trial": false,
                      "active_connections": 1,
                      "max_connections": 2,
                      "created_at": 1767225600,
                      "message": null,
                      "allowed_output_formats": ["m3u8", "ts"],
                      "days_left": 33
                    },
                    "resolved_addresses": ["203.0.113.10"],
                    "connected_address": "203.0.113.10",
                    "alternatives": [],
                    "ports": [
                      {
                        "host": "panel.example",
                        "port": 8080,
                        "service": "http",
                        "outcome": "reachable",
                        "stage": null,
                        "detail": "TCP connection to 203.0.113.10:8080 established.",
                        "connected_address": "203.0.113.10",
                        "timings_ms": {"dns": 10.1, "connect": 30.2, "tls": null, "first_byte": null, "total": 40.3}
                      }
                    ],
                    "advice": [],
                    "started_at": 1795918380
                  }
                },
                {
                  "result_id": "2c7e1f0a-4d5b-4a3c-9e8f-7b6a5d4c3b2a",
                  "agent": {"name": "nyc-1", "region": "us-east", "network": "vultr"},
                  "started_at": 1795918381,
                  "result": {
                    "target": {
                      "url": "http://panel.example:8080",
                      "scheme": "http",
                      "host": "panel.example",
                      "port": 8080,
                      "username": "alice"
                    },
                    "kind": "login",
                    "input_warnings": [],
                    "outcome": "connection_timeout",
                    "stage": "connect",
                    "detail": "No answer to the TCP connection attempt to 203.0.113.10:8080 within 10 s.",
                    "http_status": null,
                    "timings_ms": {"dns": 14.0, "connect": null, "tls": null, "first_byte": null, "total": 10014.2},
                    "panel": "unknown",
                    "panel_version": null,
                    "account": null,
                    "resolved_addresses": ["203.0.113.10"],
                    "connected_address": null,
                    "alternatives": [],
                    "ports": [],
                    "advice": [
                      "The server did not answer from this network. Try another network to see whether it is blocked here."
                    ],
                    "started_at": 1795918381
                  },
                  "confirmation": {
                    "target": {
                      "url": "http://panel.example:8080",
                      "scheme": "http",
                      "host": "panel.example",
                      "port": 8080,
                      "username": "alice"
                    },
                    "kind": "login",
                    "input_warnings": [],
                    "outcome": "connection_timeout",
                    "stage": "connect",
                    "detail": "No answer to the TCP connection attempt to 203.0.113.10:8080 within 10 s.",
                    "http_status": null,
                    "timings_ms": {"dns": 14.0, "connect": null, "tls": null, "first_byte": null, "total": 10014.2},
                    "panel": "unknown",
                    "panel_version": null,
                    "account": null,
                    "resolved_addresses": ["203.0.113.10"],
                    "connected_address": null,
                    "alternatives": [],
                    "ports": [],
                    "advice": [
                      "The server did not answer from this network. Try another network to see whether it is blocked here."
                    ],
                    "started_at": 1795918394
                  }
                }
              ],
              "next": "1795918381.0/2c7e1f0a-4d5b-4a3c-9e8f-7b6a5d4c3b2a"
            }
          }
        }
      }
    }
    """#
}
