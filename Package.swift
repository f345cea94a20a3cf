// swift-tools-version:6.2
//
// The one place the module graph is declared. Dependencies point one way
// (shared/DESIGN.md): Core ← Crypto ← Store ← (WhatsApp, AI) ← API ← sigilo.
// scripts/check-imports.sh checks each module's `import` lines against STYLE.md's table,
// and `make build` passes `--explicit-target-dependency-import-check error`.
import PackageDescription

/// Settings every Sigilo target shares: Swift 6 language mode, warnings as errors, and the
/// upcoming features that keep dependencies explicit (`InternalImportsByDefault` keeps
/// PostgresNIO and friends from leaking through a module's API).
let strictSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .treatAllWarnings(as: .error),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "sigilo",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "sigilo", targets: ["sigilo"])
    ],
    dependencies: [
        // traits: [] stops SwiftPM 6.3 from reordering Hummingbird's trait flags and
        // recompiling it at random (shared/reference/swift-stack.md, G1).
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        // Typed configuration from environment and flags, with secrets redacted
        // (STYLE.md rule 6); already in the graph through AsyncHTTPClient.
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0", traits: []),
        // Already in the graph through Hummingbird and AsyncHTTPClient; named so tests can
        // build AsyncHTTPClient requests (NIOHTTP1's method and header types).
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.80.0"),
    ],
    targets: [
        .target(
            name: "SigiloCore",
            swiftSettings: strictSettings
        ),
        .systemLibrary(
            name: "CArgon2",
            pkgConfig: "libargon2",
            providers: [.apt(["libargon2-dev"])]
        ),
        .target(
            name: "SigiloCrypto",
            dependencies: [
                "SigiloCore",
                "CArgon2",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SigiloStore",
            dependencies: [
                "SigiloCore",
                "SigiloCrypto",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Configuration", package: "swift-configuration"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SigiloWhatsApp",
            dependencies: [
                "SigiloCore",
                "SigiloCrypto",
                "SigiloStore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SigiloAI",
            dependencies: [
                "SigiloCore",
                "SigiloStore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SigiloAPI",
            dependencies: [
                "SigiloCore",
                "SigiloCrypto",
                "SigiloStore",
                "SigiloWhatsApp",
                "SigiloAI",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Configuration", package: "swift-configuration"),
            ],
            swiftSettings: strictSettings
        ),
        // The fakes sign the webhooks they deliver (Crypto's HMAC) and post them to the server
        // under test (AsyncHTTPClient); they still share no code with Sigilo's own clients.
        .target(
            name: "SigiloFakes",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SigiloTesting",
            dependencies: [
                "SigiloCore",
                "SigiloCrypto",
                "SigiloStore",
                "SigiloFakes",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Configuration", package: "swift-configuration"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "sigilo",
            dependencies: [
                "SigiloCore",
                "SigiloCrypto",
                "SigiloStore",
                "SigiloAPI",
                "SigiloAI",
                "SigiloFakes",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Configuration", package: "swift-configuration"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SigiloCoreTests",
            dependencies: ["SigiloCore"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SigiloCryptoTests",
            dependencies: ["SigiloCrypto", "CArgon2"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SigiloWhatsAppTests",
            dependencies: [
                "SigiloWhatsApp",
                "SigiloCore",
                "SigiloFakes",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SigiloAITests",
            dependencies: [
                "SigiloAI",
                "SigiloFakes",
                "SigiloCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SigiloFakesTests",
            dependencies: [
                "SigiloFakes",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SigiloStoreTests",
            dependencies: ["SigiloStore", "SigiloTesting", "SigiloCore"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SigiloAPITests",
            dependencies: [
                "SigiloAPI",
                "SigiloCrypto",
                "SigiloFakes",
                "SigiloWhatsApp",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "JWTKit", package: "jwt-kit"),
                "SigiloStore",
                "SigiloTesting",
                "SigiloCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
    ]
)
