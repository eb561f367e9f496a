import Testing

/// Expects an RFC 9457 problem answer: the status, the media type, the
/// members, and (for validation) the fields named in `errors`.
func expectProblem(
    _ response: APIResponse, status: Int, fields: [String] = [], _ what: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(response.status == status, "\(what): \(response)", sourceLocation: sourceLocation)
    let contentType = response.header("Content-Type") ?? ""
    #expect(
        contentType.hasPrefix("application/problem+json"), "\(what): Content-Type \(contentType)",
        sourceLocation: sourceLocation)
    guard let problem = try? response.json() else {
        Issue.record("\(what): the body is not JSON: \(response)", sourceLocation: sourceLocation)
        return
    }
    for member in ["type", "title", "detail"] {
        #expect(problem[member]?.string?.isEmpty == false, "\(what): no \(member) in \(problem)", sourceLocation: sourceLocation)
    }
    #expect(problem["status"]?.int == status, "\(what): status member in \(problem)", sourceLocation: sourceLocation)
    let named = Set((problem["errors"]?.array ?? []).compactMap { $0["field"]?.string })
    for field in fields {
        #expect(named.contains(field), "\(what): errors should name \(field): \(problem)", sourceLocation: sourceLocation)
    }
    for error in problem["errors"]?.array ?? [] {
        #expect(error["message"]?.string?.isEmpty == false, "\(what): error without message: \(error)", sourceLocation: sourceLocation)
    }
}
