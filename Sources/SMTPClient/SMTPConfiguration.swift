/// Where and how to submit mail. Credentials enable AUTH PLAIN; note there is no TLS yet
/// (STARTTLS is not implemented), so credentials travel in clear text.
public struct SMTPConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var username: String?
    public var password: String?
    /// The name sent in EHLO; ideally this host's fully qualified domain name.
    public var heloName: String
    /// Limit for connecting and for each reply (greeting, EHLO, … , QUIT).
    public var timeout: Duration

    public init(
        host: String,
        port: Int = 25,
        username: String? = nil,
        password: String? = nil,
        heloName: String = "localhost",
        timeout: Duration = .seconds(30)
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.heloName = heloName
        self.timeout = timeout
    }
}
