import Foundation

/// Recognises links to single job postings on careers pages and applicant
/// tracking systems.
enum JobURL {
    private static let boardHosts = [
        "jobs.lever.co", "boards.greenhouse.io", "job-boards.greenhouse.io", "jobs.ashbyhq.com", "apply.workable.com",
        "jobs.smartrecruiters.com", "recruitee.com", "personio.de", "personio.com", "bamboohr.com", "teamtailor.com",
        "breezy.hr", "jobvite.com", "myworkdayjobs.com", "jobs.jobvite.com", "wellfound.com",
    ]
    private static let jobSegments: Set<String> = [
        "jobs", "job", "careers", "career", "positions", "position", "openings", "opening", "vacancies", "vacancy",
        "o", "j", "roles", "role", "stellenangebote", "stellen", "emplois", "empleos",
    ]
    /// Pages under a careers path that list or describe, not postings.
    private static let listingSegments: Set<String> = [
        "search", "all", "departments", "department", "teams", "team", "locations", "location", "benefits", "life",
        "culture", "faq", "students", "university", "apply", "talent-community", "values",
    ]

    static func isJobPosting(_ url: String) -> Bool {
        guard let components = URLComponents(string: url) else { return false }
        if components.queryItems?.contains(where: { $0.name == "gh_jid" || $0.name == "ashby_jid" }) == true { return true }
        let segments = components.path.split(separator: "/").map { $0.lowercased() }
        if let host = components.host?.lowercased(), boardHosts.contains(where: { host == $0 || host.hasSuffix("." + $0) }) {
            return segments.count >= 2  // company/posting
        }
        for (position, segment) in segments.enumerated().dropLast() where jobSegments.contains(segment) {
            let next = segments[position + 1]
            if !listingSegments.contains(next) && !next.isEmpty { return true }
        }
        return false
    }

    /// A careers page or job board: a board host, or a jobs/careers path.
    static func isCareersPage(_ url: String) -> Bool {
        guard let components = URLComponents(string: url) else { return false }
        if let host = components.host?.lowercased(), boardHosts.contains(where: { host == $0 || host.hasSuffix("." + $0) }) {
            return true
        }
        return components.path.split(separator: "/").contains { jobSegments.contains($0.lowercased()) && $0.count > 1 }
    }

    /// The posting a link is about: without fragment, trailing slash and
    /// an "/apply" step, so a posting's title and apply links count once.
    static func normalized(_ url: String) -> String {
        var text = url
        if let hash = text.firstIndex(of: "#") { text = String(text[..<hash]) }
        for suffix in ["/apply", "/application", "/"] where text.hasSuffix(suffix) && text.count > suffix.count {
            text.removeLast(suffix.count)
        }
        return text
    }
}
