import Foundation
import SpyglassDomain

/// A job as the fields of its Redis hash. The Lua scripts name the same fields (`status`,
/// `attempts`, `owner`, …); a change here is a change there.
enum RedisJobRecord {
    enum Field: String {
        case id, tenant, kind, subject, status, attempts, maxAttempts, runAt, leasedUntil, owner, lastError
        case dedupe, createdAt, updatedAt, finishedAt
    }

    /// Field-value pairs, flat, for `HSET`; absent optionals are left out (not empty strings).
    static func fields(of job: Job) -> [String] {
        var pairs: [(Field, String?)] = [
            (.id, job.id.rawValue), (.tenant, job.tenantID.rawValue), (.kind, job.kind.rawValue),
            (.subject, job.subjectID), (.status, job.status.rawValue), (.attempts, String(job.attempts)),
            (.maxAttempts, String(job.maxAttempts)), (.runAt, RedisMilliseconds.text(job.runAt)),
            (.createdAt, RedisMilliseconds.text(job.createdAt)), (.updatedAt, RedisMilliseconds.text(job.updatedAt)),
        ]
        pairs += [
            (.leasedUntil, job.leasedUntil.map(RedisMilliseconds.text)), (.owner, job.leaseOwner),
            (.lastError, job.lastError), (.dedupe, job.dedupeKey),
            (.finishedAt, job.finishedAt.map(RedisMilliseconds.text)),
        ]
        return pairs.flatMap { field, value in value.map { [field.rawValue, $0] } ?? [] }
    }

    /// The job a hash holds; a missing or malformed field is a typed error, never a crash.
    static func job(from fields: [String: String]) throws(RedisAdapterError) -> Job {
        func required(_ field: Field) throws(RedisAdapterError) -> String {
            guard let value = fields[field.rawValue] else { throw corrupt(fields, "has no \(field.rawValue)") }
            return value
        }
        func integer(_ field: Field) throws(RedisAdapterError) -> Int {
            guard let value = Int(try required(field)) else {
                throw corrupt(fields, "has a malformed \(field.rawValue)")
            }
            return value
        }
        func date(_ field: Field) throws(RedisAdapterError) -> Date {
            guard let value = RedisMilliseconds.date(try required(field)) else {
                throw corrupt(fields, "has a malformed \(field.rawValue)")
            }
            return value
        }
        func optionalDate(_ field: Field) throws(RedisAdapterError) -> Date? {
            guard fields[field.rawValue] != nil else { return nil }
            return try date(field)
        }
        guard let id = Job.ID(try required(.id)) else { throw corrupt(fields, "has a malformed id") }
        guard let tenant = Tenant.ID(try required(.tenant)) else { throw corrupt(fields, "has a malformed tenant") }
        guard let kind = Job.Kind(rawValue: try required(.kind)) else { throw corrupt(fields, "has an unknown kind") }
        guard let status = Job.Status(rawValue: try required(.status)) else {
            throw corrupt(fields, "has an unknown status")
        }
        return Job(
            id: id, tenantID: tenant, kind: kind, subjectID: try required(.subject), status: status,
            attempts: try integer(.attempts), maxAttempts: try integer(.maxAttempts), runAt: try date(.runAt),
            leasedUntil: try optionalDate(.leasedUntil), leaseOwner: fields[Field.owner.rawValue],
            lastError: fields[Field.lastError.rawValue], dedupeKey: fields[Field.dedupe.rawValue],
            createdAt: try date(.createdAt), updatedAt: try date(.updatedAt), finishedAt: try optionalDate(.finishedAt))
    }

    /// Names the record by its id only when the id looks like one (stored text is not echoed blindly).
    private static func corrupt(_ fields: [String: String], _ problem: String) -> RedisAdapterError {
        let name = fields[Field.id.rawValue].flatMap(Job.ID.init).map { "job \($0)" } ?? "a job record"
        return RedisAdapterError(.corruptRecord, "\(name) \(problem)")
    }
}
