/// One open position.
public struct JobFact: Sendable, Codable, Equatable, Hashable {
    public var title: String
    public var department: String?
    public var location: String?
    /// Absolute when the page's URL was given.
    public var url: String?
    /// From JSON-LD `employmentType` or a job API ("FULL_TIME", "Contract").
    public var employmentType: String?
    /// From JSON-LD `hiringOrganization`.
    public var organization: String?

    public init(
        title: String, department: String? = nil, location: String? = nil, url: String? = nil,
        employmentType: String? = nil, organization: String? = nil
    ) {
        self.title = title
        self.department = department
        self.location = location
        self.url = url
        self.employmentType = employmentType
        self.organization = organization
    }
}
