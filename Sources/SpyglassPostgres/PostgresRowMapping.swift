import Foundation
import PostgresNIO
import SpyglassDomain

/// One function per entity, from a row of its table (the twin of the embedded
/// adapter's `RowMapping`, with the same tolerances for optional JSON columns).
enum PostgresRowMapping {
    static func apiKey(_ row: PostgresRandomAccessRow) throws -> APIKey {
        APIKey(
            id: try row.id("id"), tenantID: try row.id("tenant_id"), name: try row.string("name"),
            role: try row.enumValue("role"), displayPrefix: try row.string("display_prefix"),
            secretHash: try row.string("secret_hash"), createdAt: try row.date("created_at"))
    }

    static func tenant(_ row: PostgresRandomAccessRow) throws -> Tenant {
        Tenant(id: try row.id("id"), name: try row.string("name"), createdAt: try row.date("created_at"))
    }

    static func user(_ row: PostgresRandomAccessRow) throws -> User {
        User(
            id: try row.id("id"), tenantID: try row.id("tenant_id"), email: try row.string("email"),
            passwordHash: try row.string("password_hash"), role: try row.enumValue("role"),
            createdAt: try row.date("created_at"))
    }

    static func session(_ row: PostgresRandomAccessRow) throws -> WebSession {
        WebSession(
            id: try row.string("id"), userID: try row.id("user_id"), tenantID: try row.id("tenant_id"),
            csrfToken: try row.string("csrf_token"), createdAt: try row.date("created_at"),
            expiresAt: try row.date("expires_at"), revokedAt: try row.optionalDate("revoked_at"))
    }

    static func invite(_ row: PostgresRandomAccessRow) throws -> Invite {
        Invite(
            id: try row.id("id"), tenantID: try row.id("tenant_id"), email: try row.string("email"),
            role: try row.enumValue("role"), tokenHash: try row.string("token_hash"),
            createdAt: try row.date("created_at"), expiresAt: try row.date("expires_at"),
            acceptedAt: try row.optionalDate("accepted_at"))
    }

    static func competitor(_ row: PostgresRandomAccessRow) throws -> Competitor {
        Competitor(
            id: try row.id("id"), tenantID: try row.id("tenant_id"), name: try row.string("name"),
            website: try row.optionalString("website"), tags: try row.stringArray("tags"),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }

    static func monitor(_ row: PostgresRandomAccessRow) throws -> Monitor {
        Monitor(
            id: try row.id("id"), tenantID: try row.id("tenant_id"), competitorID: try row.id("competitor_id"),
            url: try row.string("url"), kind: try row.enumValue("kind"), selector: try row.optionalString("selector"),
            intervalSeconds: try row.int("interval_seconds"), enabled: try row.bool("enabled"),
            nextCheckAt: try row.date("next_check_at"), lastCheckedAt: try row.optionalDate("last_checked_at"),
            etag: try row.optionalString("etag"), lastModified: try row.optionalString("last_modified"),
            lastSnapshotID: try row.optionalID("last_snapshot_id"),
            noiseRulesJSON: try row.optionalString("noise_rules"),
            excludeSelectors: (try? row.stringArray("exclude_selectors")) ?? [],
            pinnedCategory: try row.optionalString("pinned_category"),
            significanceThreshold: try row.optionalInt("significance_threshold") ?? 0,
            versionHistoryJSON: try row.optionalString("version_history"), createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at"))
    }

    static func snapshot(_ row: PostgresRandomAccessRow) throws -> Snapshot {
        Snapshot(
            id: try row.id("id"), tenantID: try row.id("tenant_id"), monitorID: try row.id("monitor_id"),
            contentHash: try row.string("content_hash"), byteCount: try row.int("byte_count"),
            capturedAt: try row.date("captured_at"), factsJSON: try row.optionalString("facts") ?? "{}")
    }

    static func change(_ row: PostgresRandomAccessRow) throws -> Change {
        Change(
            id: try row.id("id"), tenantID: try row.id("tenant_id"), monitorID: try row.id("monitor_id"),
            competitorID: try row.id("competitor_id"), previousSnapshotID: try row.id("previous_snapshot_id"),
            snapshotID: try row.id("snapshot_id"), added: try row.stringArray("added"),
            removed: try row.stringArray("removed"), diff: try row.string("diff"), summary: try row.string("summary"),
            detectedAt: try row.date("detected_at"), category: try row.optionalString("category"),
            confidence: try row.optionalDouble("confidence"), significance: try row.optionalInt("significance") ?? 0,
            reasons: (try? row.stringArray("reasons")) ?? [], deltasJSON: try row.optionalString("deltas") ?? "[]",
            suppressedJSON: try row.optionalString("suppressed") ?? "[]")
    }

    static func checkRun(_ row: PostgresRandomAccessRow) throws -> CheckRun {
        CheckRun(
            id: try row.id("id"), tenantID: try row.id("tenant_id"), monitorID: try row.id("monitor_id"),
            jobID: try row.optionalID("job_id"), outcome: try row.enumValue("outcome"),
            errorCode: try row.optionalString("error_code"), reason: try row.optionalString("reason"),
            snapshotID: try row.optionalID("snapshot_id"), changeID: try row.optionalID("change_id"),
            suppressedJSON: try row.optionalString("suppressed") ?? "[]", startedAt: try row.date("started_at"),
            finishedAt: try row.date("finished_at"))
    }

    static func channel(_ row: PostgresRandomAccessRow) throws -> AlertChannel {
        AlertChannel(
            id: try row.id("id"), tenantID: try row.id("tenant_id"), kind: try row.enumValue("kind"),
            name: try row.string("name"), url: try row.string("url"), secret: try row.string("secret"),
            enabled: try row.bool("enabled"),
            routing: try row.optionalString("routing").flatMap {
                try? JSONDecoder().decode(RoutingRule.self, from: Data($0.utf8))
            } ?? .everything,
            digest: try row.optionalString("digest").flatMap(AlertChannel.DigestPeriod.init(rawValue:)),
            lastDigestAt: try row.optionalDate("last_digest_at"),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }

    static func delivery(_ row: PostgresRandomAccessRow) throws -> Delivery {
        Delivery(
            id: try row.id("id"), tenantID: try row.id("tenant_id"), channelID: try row.id("channel_id"),
            changeID: try row.optionalID("change_id"), eventID: try row.string("event_id"),
            eventType: try row.enumValue("event_type"), status: try row.enumValue("status"),
            attempts: try row.int("attempts"), lastError: try row.optionalString("last_error"),
            lastStatusCode: try row.optionalInt("last_http_status"),
            nextAttemptAt: try row.optionalDate("next_attempt_at"),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }

    static func deliveryAttempt(_ row: PostgresRandomAccessRow) throws -> DeliveryAttempt {
        DeliveryAttempt(
            deliveryID: try row.id("delivery_id"), number: try row.int("number"),
            attemptedAt: try row.date("attempted_at"), statusCode: try row.optionalInt("status_code"),
            error: try row.optionalString("error"), durationMilliseconds: try row.int("duration_ms"))
    }

    static func job(_ row: PostgresRandomAccessRow) throws -> Job {
        Job(
            id: try row.id("id"), tenantID: try row.id("tenant_id"), kind: try row.enumValue("kind"),
            subjectID: try row.string("subject_id"), status: try row.enumValue("status"),
            attempts: try row.int("attempts"), maxAttempts: try row.int("max_attempts"), runAt: try row.date("run_at"),
            leasedUntil: try row.optionalDate("leased_until"), leaseOwner: try row.optionalString("lease_owner"),
            lastError: try row.optionalString("last_error"), dedupeKey: try row.optionalString("dedupe_key"),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"),
            finishedAt: try row.optionalDate("finished_at"))
    }
}
