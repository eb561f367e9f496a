import Foundation
import SQLiteNIO
import SpyglassDomain

/// One function per entity, from a row of its table.
enum RowMapping {
    static func tenant(_ row: SQLiteRow) throws -> Tenant {
        Tenant(id: try row.id("id"), name: try row.string("name"), createdAt: try row.date("created_at"))
    }

    static func apiKey(_ row: SQLiteRow) throws -> APIKey {
        APIKey(
            id: try row.id("id"), tenantID: try row.id("tenant_id"), name: try row.string("name"),
            role: try row.enumValue("role"), displayPrefix: try row.string("display_prefix"),
            secretHash: try row.string("secret_hash"), createdAt: try row.date("created_at"))
    }

    static func user(_ row: SQLiteRow) throws -> User {
        User(
            id: try row.id("id"), tenantID: try row.id("tenant_id"), email: try row.string("email"),
            passwordHash: try row.string("password_hash"), role: try row.enumValue("role"),
            createdAt: try row.date("created_at"))
    }

    static func session(_ row: SQLiteRow) throws -> WebSession {
        WebSession(
            id: try row.string("id"), userID: try row.id("user_id"), tenantID: try row.id("tenant_id"),
            csrfToken: try row.string("csrf_token"), createdAt: try row.date("created_at"),
            expiresAt: try row.date("expires_at"), revokedAt: row.optionalDate("revoked_at"))
    }

    static func invite(_ row: SQLiteRow) throws -> Invite {
        Invite(
            id: try row.id("id"), tenantID: try row.id("tenant_id"), email: try row.string("email"),
            role: try row.enumValue("role"), tokenHash: try row.string("token_hash"),
            createdAt: try row.date("created_at"), expiresAt: try row.date("expires_at"),
            acceptedAt: row.optionalDate("accepted_at"))
    }

    static func competitor(_ row: SQLiteRow) throws -> Competitor {
        Competitor(
            id: try row.id("id"), tenantID: try row.id("tenant_id"), name: try row.string("name"),
            website: row.optionalString("website"), tags: try row.stringArray("tags"),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }

    static func monitor(_ row: SQLiteRow) throws -> Monitor {
        Monitor(
            id: try row.id("id"), tenantID: try row.id("tenant_id"), competitorID: try row.id("competitor_id"),
            url: try row.string("url"), kind: try row.enumValue("kind"), selector: row.optionalString("selector"),
            intervalSeconds: try row.int("interval_seconds"), enabled: try row.bool("enabled"),
            nextCheckAt: try row.date("next_check_at"), lastCheckedAt: row.optionalDate("last_checked_at"),
            etag: row.optionalString("etag"), lastModified: row.optionalString("last_modified"),
            lastSnapshotID: row.optionalID("last_snapshot_id"), noiseRulesJSON: row.optionalString("noise_rules"),
            excludeSelectors: (try? row.stringArray("exclude_selectors")) ?? [],
            pinnedCategory: row.optionalString("pinned_category"),
            significanceThreshold: row.optionalInt("significance_threshold") ?? 0,
            versionHistoryJSON: row.optionalString("version_history"), createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at"))
    }

    static func snapshot(_ row: SQLiteRow) throws -> Snapshot {
        Snapshot(
            id: try row.id("id"), tenantID: try row.id("tenant_id"), monitorID: try row.id("monitor_id"),
            contentHash: try row.string("content_hash"), byteCount: try row.int("byte_count"),
            capturedAt: try row.date("captured_at"), factsJSON: row.optionalString("facts") ?? "{}")
    }

    static func change(_ row: SQLiteRow) throws -> Change {
        Change(
            id: try row.id("id"), tenantID: try row.id("tenant_id"), monitorID: try row.id("monitor_id"),
            competitorID: try row.id("competitor_id"), previousSnapshotID: try row.id("previous_snapshot_id"),
            snapshotID: try row.id("snapshot_id"), added: try row.stringArray("added"),
            removed: try row.stringArray("removed"), diff: try row.string("diff"), summary: try row.string("summary"),
            detectedAt: try row.date("detected_at"), category: row.optionalString("category"),
            confidence: row.column("confidence")?.double, significance: row.optionalInt("significance") ?? 0,
            reasons: (try? row.stringArray("reasons")) ?? [], deltasJSON: row.optionalString("deltas") ?? "[]",
            suppressedJSON: row.optionalString("suppressed") ?? "[]")
    }

    static func checkRun(_ row: SQLiteRow) throws -> CheckRun {
        CheckRun(
            id: try row.id("id"), tenantID: try row.id("tenant_id"), monitorID: try row.id("monitor_id"),
            jobID: row.optionalID("job_id"), outcome: try row.enumValue("outcome"),
            errorCode: row.optionalString("error_code"), reason: row.optionalString("reason"),
            snapshotID: row.optionalID("snapshot_id"), changeID: row.optionalID("change_id"),
            suppressedJSON: row.optionalString("suppressed") ?? "[]", startedAt: try row.date("started_at"),
            finishedAt: try row.date("finished_at"))
    }

    static func channel(_ row: SQLiteRow) throws -> AlertChannel {
        AlertChannel(
            id: try row.id("id"), tenantID: try row.id("tenant_id"), kind: try row.enumValue("kind"),
            name: try row.string("name"), url: try row.string("url"), secret: try row.string("secret"),
            enabled: try row.bool("enabled"),
            routing: row.optionalString("routing").flatMap {
                try? JSONDecoder().decode(RoutingRule.self, from: Data($0.utf8))
            } ?? .everything,
            digest: row.optionalString("digest").flatMap(AlertChannel.DigestPeriod.init(rawValue:)),
            lastDigestAt: row.optionalDate("last_digest_at"),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }

    static func delivery(_ row: SQLiteRow) throws -> Delivery {
        Delivery(
            id: try row.id("id"), tenantID: try row.id("tenant_id"), channelID: try row.id("channel_id"),
            changeID: row.optionalID("change_id"), eventID: try row.string("event_id"),
            eventType: try row.enumValue("event_type"), status: try row.enumValue("status"),
            attempts: try row.int("attempts"), lastError: row.optionalString("last_error"),
            lastStatusCode: row.optionalInt("last_status_code"), nextAttemptAt: row.optionalDate("next_attempt_at"),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }

    static func deliveryAttempt(_ row: SQLiteRow) throws -> DeliveryAttempt {
        DeliveryAttempt(
            deliveryID: try row.id("delivery_id"), number: try row.int("number"),
            attemptedAt: try row.date("attempted_at"), statusCode: row.optionalInt("status_code"),
            error: row.optionalString("error"), durationMilliseconds: try row.int("duration_ms"))
    }

    static func job(_ row: SQLiteRow) throws -> Job {
        Job(
            id: try row.id("id"), tenantID: try row.id("tenant_id"), kind: try row.enumValue("kind"),
            subjectID: try row.string("subject_id"), status: try row.enumValue("status"),
            attempts: try row.int("attempts"), maxAttempts: try row.int("max_attempts"), runAt: try row.date("run_at"),
            leasedUntil: row.optionalDate("leased_until"), leaseOwner: row.optionalString("lease_owner"),
            lastError: row.optionalString("last_error"), dedupeKey: row.optionalString("dedupe_key"),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"),
            finishedAt: row.optionalDate("finished_at"))
    }
}
