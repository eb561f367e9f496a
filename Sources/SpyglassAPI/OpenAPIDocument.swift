import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SpyglassIntelligence

/// The OpenAPI 3.1 contract of `/v1`, written out by hand (not derived from
/// the router) so that a test can hold the two against each other.
enum OpenAPIDocument {
    static func response() -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: json)))
    }

    static let json: Data = {
        (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data("{}".utf8)
    }()

    typealias Object = [String: Any]

    static var document: Object {
        [
            "openapi": "3.1.0",
            "info": [
                "title": "Spyglass API", "version": "1.0.0",
                "description": "Competitive intelligence: competitors, monitors, changes and their delivery.",
            ] as Object,
            "servers": [["url": "/"]],
            "security": [["bearerAuth": [String]()]],
            "paths": paths,
            "components": [
                "securitySchemes": ["bearerAuth": ["type": "http", "scheme": "bearer"] as Object],
                "schemas": schemas,
                "responses": [
                    "Forbidden": [
                        "description": "The API key's role does not allow this: viewer keys only read, channels need an admin key",
                        "content": ["application/problem+json": ["schema": ref("Problem")]],
                    ] as Object,
                    "TooManyRequests": [
                        "description": "The API key's quota is spent: problem+json with Retry-After, RateLimit and RateLimit-Policy",
                        "content": ["application/problem+json": ["schema": ref("Problem")]],
                    ] as Object,
                    "Problem": [
                        "description": "An RFC 9457 problem",
                        "content": ["application/problem+json": ["schema": ref("Problem")]],
                    ] as Object,
                ],
            ] as Object,
        ]
    }

    static var paths: Object {
        [
            "/healthz": ["get": op("Liveness and readiness", tag: "system", response: ["type": "object"], auth: false)],
            "/v1/openapi.json": ["get": op("This document", tag: "system", response: ["type": "object"], auth: false)],
            "/v1/competitors": [
                "get": listOp("List competitors", tag: "competitors", item: "Competitor"),
                "post": op("Create a competitor", tag: "competitors", body: "CompetitorCreate", response: ref("Competitor"), status: "201"),
            ],
            "/v1/competitors/{id}": [
                "parameters": [idParameter],
                "get": op("Get a competitor", tag: "competitors", response: ref("Competitor")),
                "patch": op("Update a competitor", tag: "competitors", body: "CompetitorUpdate", response: ref("Competitor")),
                "delete": op("Delete a competitor with its monitors and history", tag: "competitors", response: nil, status: "204"),
            ],
            "/v1/competitors/{id}/prices": [
                "parameters": [idParameter],
                "get": op("The competitor's price points over time, oldest first", tag: "trends", response: [
                    "type": "object", "properties": [
                        "data": ["type": "array", "items": object([
                            "monitor_id": string, "snapshot_id": string, "captured_at": time, "plan": nullableString,
                            "amount": nullableString, "currency": nullableString, "period": nullableString,
                            "kind": string,
                        ])] as Object,
                        "next_cursor": ["type": ["string", "null"]],
                    ] as Object,
                ]),
            ],
            "/v1/competitors/{id}/jobs": [
                "parameters": [idParameter],
                "get": op("The competitor's open-job counts over time, oldest first", tag: "trends", response: [
                    "type": "object", "properties": [
                        "data": ["type": "array", "items": object([
                            "monitor_id": string, "snapshot_id": string, "captured_at": time, "count": integer,
                            "titles": strings,
                        ])] as Object,
                        "next_cursor": ["type": ["string", "null"]],
                    ] as Object,
                ]),
            ],
            "/v1/competitors/{id}/activity": [
                "parameters": [idParameter],
                "get": op("The competitor's changes per week and category, oldest week first", tag: "trends", response: [
                    "type": "object", "properties": [
                        "data": ["type": "array", "items": object([
                            "week_start": ["type": "string", "format": "date"] as Object, "category": nullableString,
                            "changes": integer, "significant_changes": integer,
                        ])] as Object,
                        "next_cursor": ["type": ["string", "null"]],
                    ] as Object,
                ]),
            ],
            "/v1/monitors": [
                "get": listOp("List monitors", tag: "monitors", item: "Monitor", filters: ["competitor_id"]),
                "post": op("Create a monitor", tag: "monitors", body: "MonitorCreate", response: ref("Monitor"), status: "201"),
            ],
            "/v1/monitors/{id}": [
                "parameters": [idParameter],
                "get": op("Get a monitor", tag: "monitors", response: ref("Monitor")),
                "patch": op("Update a monitor", tag: "monitors", body: "MonitorUpdate", response: ref("Monitor")),
                "delete": op("Delete a monitor with its history", tag: "monitors", response: nil, status: "204"),
            ],
            "/v1/monitors/{id}/check": [
                "parameters": [idParameter],
                "post": op("Queue a check now", tag: "monitors", response: ref("Job"), status: "202"),
            ],
            "/v1/monitors/{id}/checks": [
                "parameters": [idParameter],
                "get": listOp("List a monitor's checks, newest first", tag: "history", item: "Check"),
            ],
            "/v1/monitors/{id}/snapshots": [
                "parameters": [idParameter],
                "get": listOp("List a monitor's snapshots, newest first", tag: "history", item: "Snapshot"),
            ],
            "/v1/snapshots/{id}": [
                "parameters": [idParameter],
                "get": op("Get a snapshot", tag: "history", response: ref("Snapshot")),
            ],
            "/v1/snapshots/{id}/text": [
                "parameters": [idParameter],
                "get": op("The normalised text of a snapshot", tag: "history", response: ["type": "string"], mediaType: "text/plain"),
            ],
            "/v1/changes": [
                "get": listOp("List changes, newest first", tag: "history", item: "Change",
                              filters: ["monitor_id", "competitor_id", "since", "until", "category", "min_significance"]),
            ],
            "/v1/changes/{id}": [
                "parameters": [idParameter],
                "get": op("Get a change with its diff", tag: "history", response: ref("Change")),
            ],
            "/v1/changes/{id}/feedback": [
                "parameters": [idParameter],
                "post": op("Mark a change useful, noise or acted on (the key's new verdict replaces its earlier one)",
                           tag: "history", body: "FeedbackCreate", response: ref("Feedback"), status: "201"),
            ],
            "/v1/channels": [
                "get": listOp("List alert channels", tag: "channels", item: "Channel"),
                "post": op("Create an alert channel (the answer shows its signing secret once)", tag: "channels",
                           body: "ChannelCreate", response: ref("Channel"), status: "201"),
            ],
            "/v1/channels/{id}": [
                "parameters": [idParameter],
                "get": op("Get a channel", tag: "channels", response: ref("Channel")),
                "patch": op("Update a channel", tag: "channels", body: "ChannelUpdate", response: ref("Channel")),
                "delete": op("Delete a channel", tag: "channels", response: nil, status: "204"),
            ],
            "/v1/channels/{id}/test": [
                "parameters": [idParameter],
                "post": op("Send a test event", tag: "channels", response: ref("Delivery"), status: "202"),
            ],
            "/v1/deliveries": [
                "get": listOp("List deliveries, newest first", tag: "deliveries", item: "Delivery",
                              filters: ["channel_id", "change_id", "status"]),
            ],
            "/v1/deliveries/{id}": [
                "parameters": [idParameter],
                "get": op("Get a delivery with every attempt", tag: "deliveries", response: ref("Delivery")),
            ],
            "/v1/jobs": [
                "get": listOp("List background jobs (status=dead for the ones given up on)", tag: "jobs", item: "Job",
                              filters: ["status"]),
            ],
            "/v1/jobs/{id}": [
                "parameters": [idParameter],
                "get": op("Get a job", tag: "jobs", response: ref("Job")),
            ],
            "/v1/queue": [
                "get": op(
                    "The shared job queue's depth by status and the wait of its oldest due job", tag: "jobs",
                    response: [
                        "type": "object", "required": ["depth", "oldest_ready_age_seconds"],
                        "properties": [
                            "depth": ["type": "object", "additionalProperties": ["type": "integer"]] as Object,
                            "oldest_ready_age_seconds": ["type": ["number", "null"]],
                        ] as Object,
                    ]),
            ],
            "/v1/events": [
                "get": {
                    var operation = op(
                        "Live events (change.detected, check.finished…) as server-sent events; fire and forget, no replay",
                        tag: "events", response: ["type": "string"], mediaType: "text/event-stream")
                    operation["parameters"] = [
                        ["name": "types", "in": "query", "description": "comma-separated event types to keep",
                         "schema": ["type": "string"]] as Object,
                    ]
                    return operation
                }(),
            ],
        ]
    }

    static func ref(_ name: String) -> Object { ["$ref": "#/components/schemas/\(name)"] }

    static var idParameter: Object { ["name": "id", "in": "path", "required": true, "schema": ["type": "string"]] }

    static func op(
        _ summary: String, tag: String, body: String? = nil, response: Object?, status: String = "200",
        mediaType: String = "application/json", auth: Bool = true
    ) -> Object {
        var responses: Object = ["default": ["$ref": "#/components/responses/Problem"]]
        if auth {
            responses["403"] = ["$ref": "#/components/responses/Forbidden"]
            responses["429"] = ["$ref": "#/components/responses/TooManyRequests"]
        }
        if let response {
            responses[status] = ["description": summary, "content": [mediaType: ["schema": response]]] as Object
        } else {
            responses[status] = ["description": summary]
        }
        var operation: Object = ["summary": summary, "tags": [tag], "responses": responses]
        if let body {
            operation["requestBody"] = [
                "required": true, "content": ["application/json": ["schema": ref(body)]],
            ] as Object
        }
        if !auth { operation["security"] = [Object]() }
        return operation
    }

    static func listOp(_ summary: String, tag: String, item: String, filters: [String] = []) -> Object {
        var operation = op(summary, tag: tag, response: [
            "type": "object", "required": ["data", "next_cursor"],
            "properties": [
                "data": ["type": "array", "items": ref(item)] as Object,
                "next_cursor": ["type": ["string", "null"]],
            ] as Object,
        ])
        var parameters: [Object] = [
            ["name": "limit", "in": "query", "schema": ["type": "integer", "minimum": 1, "maximum": 200, "default": 50] as Object],
            ["name": "cursor", "in": "query", "schema": ["type": "string"]],
        ]
        for filter in filters {
            var schema: Object = ["type": "string"]
            if filter == "since" || filter == "until" { schema["format"] = "date-time" }
            parameters.append(["name": filter, "in": "query", "schema": schema])
        }
        operation["parameters"] = parameters
        return operation
    }

    static func object(_ properties: Object, required: [String] = [], closed: Bool = false) -> Object {
        var schema: Object = ["type": "object", "properties": properties]
        if !required.isEmpty { schema["required"] = required }
        if closed { schema["additionalProperties"] = false }
        return schema
    }

    static var string: Object { ["type": "string"] }
    static var nullableString: Object { ["type": ["string", "null"]] }
    static var time: Object { ["type": "string", "format": "date-time"] }
    static var nullableTime: Object { ["type": ["string", "null"], "format": "date-time"] }
    static var strings: Object { ["type": "array", "items": ["type": "string"]] }
    static var integer: Object { ["type": "integer"] }
    static var boolean: Object { ["type": "boolean"] }
    static var threshold: Object { ["type": "integer", "minimum": 0, "maximum": 100] }
    static var nullableCategory: Object {
        ["type": ["string", "null"], "enum": ChangeCategory.allCases.map(\.rawValue) as [Any] + [NSNull()]]
    }
    static var suppressedList: Object {
        ["type": "array", "items": object(["removed": strings, "added": strings, "rule": string, "reason": string])]
    }

    static var schemas: Object {
        [
            "Problem": object([
                "type": string, "title": string, "status": integer, "detail": string, "instance": string,
                "errors": ["type": "array", "items": object(["field": string, "message": string])] as Object,
            ], required: ["type", "title", "status", "detail"]),
            "Competitor": object([
                "id": string, "name": string, "website": nullableString, "tags": strings, "created_at": time,
                "updated_at": time,
            ], required: ["id", "name", "tags"]),
            "CompetitorCreate": object(["name": string, "website": string, "tags": strings], required: ["name"], closed: true),
            "CompetitorUpdate": object(["name": string, "website": nullableString, "tags": strings], closed: true),
            "Monitor": object([
                "id": string, "competitor_id": string, "url": string,
                "kind": ["type": "string", "enum": ["html", "feed", "json", "sitemap"]] as Object, "selector": nullableString,
                "interval_seconds": integer, "enabled": boolean, "next_check_at": time, "last_checked_at": nullableTime,
                "last_snapshot_id": nullableString, "noise_rules": ref("NoiseRules"), "exclude_selectors": strings, "category": nullableCategory,
                "significance_threshold": threshold, "created_at": time, "updated_at": time,
            ], required: ["id", "competitor_id", "url", "kind"]),
            "MonitorCreate": object([
                "competitor_id": string, "url": string, "kind": ["type": "string", "enum": ["html", "feed", "json", "sitemap"]] as Object,
                "selector": nullableString, "interval_seconds": integer, "enabled": boolean,
                "noise_rules": ref("NoiseRules"), "exclude_selectors": strings, "category": nullableCategory, "significance_threshold": threshold,
            ], required: ["competitor_id", "url"], closed: true),
            "MonitorUpdate": object([
                "url": string, "kind": ["type": "string", "enum": ["html", "feed", "json", "sitemap"]] as Object,
                "selector": nullableString, "interval_seconds": integer, "enabled": boolean,
                "noise_rules": ref("NoiseRules"), "exclude_selectors": strings, "category": nullableCategory, "significance_threshold": threshold,
            ], closed: true),
            "Check": object([
                "id": string, "monitor_id": string, "job_id": nullableString,
                "outcome": ["type": "string", "enum": ["baseline", "changed", "unchanged", "not_modified", "noise_only", "reverted", "failed"]] as Object,
                "error_code": nullableString, "reason": nullableString, "snapshot_id": nullableString,
                "change_id": nullableString, "suppressed": suppressedList, "started_at": time, "finished_at": time,
            ], required: ["id", "monitor_id", "outcome"]),
            "Snapshot": object([
                "id": string, "monitor_id": string, "content_hash": string, "byte_count": integer, "captured_at": time,
            ], required: ["id", "monitor_id", "content_hash"]),
            "Change": object([
                "id": string, "monitor_id": string, "competitor_id": string, "previous_snapshot_id": string,
                "snapshot_id": string, "added": strings, "removed": strings, "diff": string, "summary": string,
                "detected_at": time, "category": nullableCategory, "confidence": ["type": ["number", "null"]],
                "significance": threshold, "reasons": strings,
                "deltas": ["type": "array", "items": object([
                    "kind": string, "summary": string, "plan": nullableString, "before": nullableString,
                    "after": nullableString, "percent": nullableString, "period": nullableString,
                ], required: ["kind", "summary"])] as Object,
                "suppressed": suppressedList,
            ], required: ["id", "monitor_id", "added", "removed", "diff", "summary", "significance"]),
            "FeedbackCreate": object([
                "verdict": ["type": "string", "enum": ["useful", "noise", "acted_on"]] as Object,
            ], required: ["verdict"], closed: true),
            "Feedback": object([
                "change_id": string, "verdict": ["type": "string", "enum": ["useful", "noise", "acted_on"]] as Object,
                "author_kind": ["type": "string", "enum": ["user", "api_key"]] as Object, "author_id": string,
                "created_at": time,
            ], required: ["change_id", "verdict", "author_kind", "author_id", "created_at"]),
            "NoiseRules": object([
                "ignore_text": strings, "ignore_patterns": strings,
                "triggers": ["type": "array", "items": object([
                    "event": ["type": "string", "enum": ["appears", "disappears"]] as Object, "text": string,
                    "regex": string,
                ], required: ["event"])] as Object,
                "counters_are_noise": boolean, "built_in_rules": boolean,
            ]),
            "Channel": object([
                "id": string, "kind": ["type": "string", "enum": ["webhook", "slack", "email"]] as Object, "name": string,
                "url": string, "enabled": boolean, "routing": ref("RoutingRule"),
                "digest": ["type": ["string", "null"], "enum": ["daily", "weekly", NSNull()]] as Object,
                "last_digest_at": nullableTime,
                "secret": ["type": "string", "description": "only when created"] as Object,
                "created_at": time, "updated_at": time,
            ], required: ["id", "kind", "url"]),
            "ChannelCreate": object([
                "kind": ["type": "string", "enum": ["webhook", "slack", "email"]] as Object, "url": string, "name": string,
                "enabled": boolean, "routing": ref("RoutingRule"),
                "digest": ["type": "string", "enum": ["daily", "weekly"]] as Object,
            ], required: ["kind", "url"], closed: true),
            "ChannelUpdate": object([
                "url": string, "name": string, "enabled": boolean, "routing": ref("RoutingRule"),
                "digest": ["type": "string", "enum": ["daily", "weekly"]] as Object,
            ], closed: true),
            "RoutingRule": object([
                "categories": ["type": "array", "items": ["type": "string", "enum": ChangeCategory.allCases.map(\.rawValue)]] as Object,
                "min_significance": threshold, "competitor_ids": strings, "tags": strings,
            ]),
            "Delivery": object([
                "id": string, "channel_id": string, "change_id": nullableString, "event_id": string,
                "event_type": string,
                "status": ["type": "string", "enum": ["pending", "succeeded", "retrying", "failed"]] as Object,
                "attempts": integer, "last_error": nullableString, "last_status_code": ["type": ["integer", "null"]],
                "next_attempt_at": nullableTime, "created_at": time, "updated_at": time,
                "attempt_log": ["type": "array", "items": object([
                    "number": integer, "attempted_at": time, "status_code": ["type": ["integer", "null"]],
                    "error": nullableString, "duration_ms": integer,
                ])] as Object,
            ], required: ["id", "channel_id", "event_id", "status", "attempts"]),
            "Job": object([
                "id": string, "kind": ["type": "string", "enum": ["check", "deliver"]] as Object, "subject_id": string,
                "status": ["type": "string", "enum": ["queued", "leased", "succeeded", "dead"]] as Object,
                "attempts": integer, "max_attempts": integer, "run_at": time, "leased_until": nullableTime,
                "last_error": nullableString, "created_at": time, "updated_at": time, "finished_at": nullableTime,
            ], required: ["id", "kind", "status", "attempts"]),
        ]
    }
}
