import Foundation

/// The calls the scenarios make, with the answers' shapes checked once here.
extension APIClient {
    func createCompetitor(name: String, website: String) async throws -> String {
        let body = try await post("/v1/competitors", fields: ["name": name, "website": website]).json(expecting: 201)
        return try id(of: body)
    }

    func createMonitor(competitorID: String, url: String, selector: String? = nil) async throws -> String {
        var fields = ["competitor_id": competitorID, "url": url, "kind": "html"]
        if let selector { fields["selector"] = selector }
        return try id(of: try await post("/v1/monitors", fields: fields).json(expecting: 201))
    }

    /// The channel's id and its signing secret (shown only in this answer).
    func createWebhookChannel(url: String) async throws -> (id: String, secret: String) {
        let body = try await post("/v1/channels", fields: ["kind": "webhook", "url": url]).json(expecting: 201)
        guard let secret = body["secret"]?.string, !secret.isEmpty else {
            throw E2EError(.unexpectedResponse, "the new channel has no secret: \(body)")
        }
        return (try id(of: body), secret)
    }

    /// `POST /v1/monitors/{id}/check`: the queued job.
    func queueCheck(monitorID: String) async throws -> JSON {
        try await post("/v1/monitors/\(monitorID)/check", raw: "").json(expecting: 202)
    }

    /// Check runs of a monitor, newest first.
    func checks(monitorID: String) async throws -> [JSON] {
        try await list("/v1/monitors/\(monitorID)/checks?limit=100")
    }

    func snapshots(monitorID: String) async throws -> [JSON] {
        try await list("/v1/monitors/\(monitorID)/snapshots?limit=100")
    }

    func changes(monitorID: String) async throws -> [JSON] {
        try await list("/v1/changes?monitor_id=\(monitorID)&limit=100")
    }

    func deliveries(changeID: String) async throws -> [JSON] {
        try await list("/v1/deliveries?change_id=\(changeID)&limit=100")
    }

    func deliveries() async throws -> [JSON] {
        try await list("/v1/deliveries?limit=100")
    }

    func jobs() async throws -> [JSON] {
        try await list("/v1/jobs?limit=100")
    }

    func job(_ id: String) async throws -> JSON {
        try await get("/v1/jobs/\(id)").json(expecting: 200)
    }

    /// Waits until the monitor has at least `count` check runs; returns them, newest first.
    func waitForChecks(monitorID: String, count: Int, timeout: Duration = .seconds(30)) async throws -> [JSON] {
        try await eventually("\(count) check run(s) of \(monitorID)", timeout: timeout) {
            let checks = try await checks(monitorID: monitorID)
            return checks.count >= count ? checks : nil
        }
    }

    /// Waits until the job that produced `check` is finished, so that the next
    /// `POST …/check` queues a new job instead of returning that one.
    func waitForJobToFinish(of check: JSON) async throws {
        guard let jobID = check["job_id"]?.string else { return }
        _ = try await eventually("job \(jobID) to finish") {
            let status = try await job(jobID)["status"]?.string
            return status == "succeeded" || status == "dead" ? true : nil
        }
    }

    private func list(_ path: String) async throws -> [JSON] {
        let body = try await get(path).json(expecting: 200)
        guard let items = body["data"]?.array else {
            throw E2EError(.unexpectedResponse, "GET \(path) has no data array: \(body)")
        }
        return items
    }

    private func id(of body: JSON) throws -> String {
        guard let id = body["id"]?.string, !id.isEmpty else {
            throw E2EError(.unexpectedResponse, "the answer has no id: \(body)")
        }
        return id
    }
}
