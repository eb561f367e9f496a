// swift-tools-version:6.0
import PackageDescription

// Swift 6 language mode (strict concurrency) everywhere, plus the upcoming
// features STYLE.md recommends.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "spyglass",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "spyglass", targets: ["spyglass"]),
        .executable(name: "spyglass-bench", targets: ["spyglass-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
    ],
    targets: [
        // MARK: Libraries that know nothing of Spyglass
        .target(name: "TextDiff", swiftSettings: swiftSettings),
        .target(name: "FetchGuard", swiftSettings: swiftSettings),
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(name: "SpyglassHTML", dependencies: ["CLibXML2"], swiftSettings: swiftSettings),
        .target(name: "NoiseFilter", dependencies: ["TextDiff"], swiftSettings: swiftSettings),
        .target(
            name: "SMTPClient",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(name: "SpyglassExtract", dependencies: ["SpyglassHTML"], swiftSettings: swiftSettings),
        // Client plumbing shared by RedisClient and AMQPClient: a FIFO, waiter slots, a deadline,
        // URL component parsing, jittered reconnect back-off, the TCP connect.
        .target(
            name: "ClientSupport",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // RESP3 (and RESP2): values, an incremental bounded decoder, command encoding.
        .target(
            name: "RESP",
            dependencies: [.product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: swiftSettings
        ),
        // A Redis client: pipelined connections, a pool, subscribers, scripts, reconnection.
        .target(
            name: "RedisClient",
            dependencies: [
                "RESP", "ClientSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // AMQP 0-9-1 on the wire: frames, methods, field tables, content properties; an
        // incremental, bounded decoder.
        .target(
            name: "AMQPWire",
            dependencies: [.product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: swiftSettings
        ),
        // An AMQP 0-9-1 client: connection and channel state machines, publisher confirms,
        // manual acks, heartbeats, recovery with topology re-declaration.
        .target(
            name: "AMQPClient",
            dependencies: [
                "AMQPWire", "ClientSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // SQL scripts: lexing, statement splitting and the zero-downtime migration linter.
        .target(name: "SQLMigrationLint", swiftSettings: swiftSettings),
        // Versioned migrations and batched back-fills on PostgreSQL.
        .target(
            name: "PostgresMigrations",
            dependencies: [
                "SQLMigrationLint",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Intelligence: one verdict on two versions (noise, facts, category, significance)
        .target(
            name: "SpyglassIntelligence",
            dependencies: ["NoiseFilter", "SpyglassExtract", "SpyglassHTML", "TextDiff"],
            swiftSettings: swiftSettings
        ),

        // MARK: Domain, ports and pipeline (no adapters)
        .target(name: "SpyglassDomain", swiftSettings: swiftSettings),
        .target(
            name: "SpyglassPorts",
            dependencies: [
                "SpyglassDomain",
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SpyglassPipeline",
            dependencies: [
                "SpyglassDomain", "SpyglassPorts", "TextDiff", "SpyglassHTML", "SpyglassIntelligence", "NoiseFilter",
                "SpyglassExtract",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Adapters
        .target(
            name: "SpyglassEmbedded",
            dependencies: [
                "SpyglassDomain", "SpyglassPorts",
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SpyglassPostgres",
            dependencies: [
                "SpyglassDomain", "SpyglassPorts", "PostgresMigrations", "SQLMigrationLint",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Migrations")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SpyglassRedis",
            dependencies: [
                "SpyglassDomain", "SpyglassPorts", "RedisClient", "RESP",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SpyglassAMQP",
            dependencies: [
                "SpyglassDomain", "SpyglassPorts", "AMQPClient", "AMQPWire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SpyglassFetch",
            dependencies: [
                "SpyglassPorts", "FetchGuard", "SMTPClient",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPCompression", package: "swift-nio-extras"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Server-sent event streams for Hummingbird: the record format and a writer loop
        // fed by messages and a timer. Knows nothing of Spyglass.
        .target(
            name: "ServerSentEvents",
            dependencies: [.product(name: "Hummingbird", package: "hummingbird")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SpyglassAPI",
            dependencies: [
                "SpyglassDomain", "SpyglassPorts", "SpyglassPipeline", "SpyglassHTML", "NoiseFilter", "SpyglassExtract",
                "SpyglassIntelligence", "ServerSentEvents",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // The web dashboard: server-rendered pages (mustache templates compiled in as resources),
        // sign-in with sessions and CSRF tokens, roles; no JavaScript build step.
        .target(
            name: "SpyglassWeb",
            dependencies: [
                "SpyglassDomain", "SpyglassPorts", "SpyglassPipeline", "SpyglassIntelligence", "TextDiff",
                "ServerSentEvents",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Templates"), .copy("Assets")],
            swiftSettings: swiftSettings
        ),

        // MARK: The executable only wires things
        .executableTarget(
            name: "spyglass",
            dependencies: [
                "SpyglassDomain", "SpyglassPorts", "SpyglassPipeline", "SpyglassEmbedded",
                "SpyglassFetch", "SpyglassAPI", "FetchGuard", "SpyglassIntelligence", "SpyglassExtract", "NoiseFilter",
                "SpyglassPostgres", "PostgresMigrations", "SQLMigrationLint", "SpyglassRedis", "RedisClient",
                "SpyglassAMQP", "AMQPClient", "SpyglassWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),

        .executableTarget(
            name: "spyglass-bench",
            dependencies: [
                "TextDiff", "SpyglassHTML", "SpyglassEmbedded", "SpyglassDomain", "SpyglassPorts", "SpyglassExtract",
                "SpyglassRedis", "RedisClient", "RESP", "AMQPClient", "AMQPWire", "SpyglassWeb", "SpyglassPipeline",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Tests
        .testTarget(
            name: "ServerSentEventsTests",
            dependencies: [
                "ServerSentEvents",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "TextDiffTests", dependencies: ["TextDiff"], swiftSettings: swiftSettings),
        .testTarget(name: "FetchGuardTests", dependencies: ["FetchGuard"], swiftSettings: swiftSettings),
        .testTarget(name: "SpyglassHTMLTests", dependencies: ["SpyglassHTML"], swiftSettings: swiftSettings),
        .testTarget(name: "NoiseFilterTests", dependencies: ["NoiseFilter", "TextDiff"], swiftSettings: swiftSettings),
        // A local SMTP receiver for tests (of the client and of the mail adapter).
        .target(
            name: "SMTPTestSupport",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Sources/SMTPTestSupport",
            swiftSettings: swiftSettings
        ),
        // A throw-away PostgreSQL database per test, bootstrapped and migrated.
        .target(
            name: "PostgresTestSupport",
            dependencies: [
                "SpyglassPostgres",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/PostgresTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SMTPClientTests",
            dependencies: [
                "SMTPClient", "SMTPTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // The test broker: reads SPYGLASS_TEST_AMQP_URL and drives rabbitmqctl for fault tests.
        .target(
            name: "AMQPTestSupport",
            dependencies: [.product(name: "Logging", package: "swift-log")],
            path: "Sources/AMQPTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SpyglassWebTests",
            dependencies: [
                "ServerSentEvents",
                "SpyglassWeb", "SpyglassDomain", "SpyglassPorts", "SpyglassEmbedded", "SpyglassPipeline", "TextDiff",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AMQPWireTests",
            dependencies: ["AMQPWire", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AMQPClientTests",
            dependencies: [
                "AMQPClient", "AMQPWire", "AMQPTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RESPTests",
            dependencies: [
                "RESP",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Throw-away redis-server processes for tests (started, restarted, killed by the test).
        .target(
            name: "RedisTestSupport",
            dependencies: [.product(name: "Logging", package: "swift-log")],
            path: "Sources/RedisTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RedisClientTests",
            dependencies: [
                "RedisClient", "RESP", "RedisTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SQLMigrationLintTests",
            dependencies: ["SQLMigrationLint"],
            resources: [.copy("Corpus")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PostgresMigrationsTests",
            dependencies: [
                "PostgresMigrations", "SQLMigrationLint",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SpyglassExtractTests", dependencies: ["SpyglassExtract", "SpyglassHTML"], swiftSettings: swiftSettings),
        .testTarget(
            name: "SpyglassIntelligenceTests",
            dependencies: ["SpyglassIntelligence", "SpyglassExtract", "NoiseFilter"],
            resources: [.copy("Corpus")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SpyglassCoreTests",
            dependencies: ["SpyglassDomain", "SpyglassPorts", "SpyglassPipeline", "SpyglassEmbedded"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SpyglassContractTests",
            dependencies: [
                "SpyglassDomain", "SpyglassPorts", "SpyglassEmbedded", "SpyglassPipeline", "SpyglassPostgres",
                "PostgresTestSupport", "SpyglassRedis", "RedisClient", "RedisTestSupport", "RESP",
                "SpyglassAMQP", "AMQPClient", "AMQPWire", "AMQPTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SpyglassPostgresTests",
            dependencies: [
                "SpyglassPostgres", "PostgresTestSupport", "PostgresMigrations", "SQLMigrationLint",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SpyglassFetchTests",
            dependencies: [
                "SpyglassFetch", "SpyglassPorts", "FetchGuard", "SMTPTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SpyglassAPITests",
            dependencies: [
                "SpyglassAPI", "SpyglassEmbedded", "SpyglassPipeline", "SpyglassPorts", "SpyglassDomain",
                "SpyglassPostgres", "PostgresTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SpyglassEndToEndTests",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                "RedisTestSupport", "AMQPClient", "AMQPWire", "AMQPTestSupport",
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
