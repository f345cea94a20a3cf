import ArgumentParser

/// `sigilo dev`: local stand-ins for the services beyond this machine, for demos and manual tests.
struct DevCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev",
        abstract: "Development helpers (fake external services, load and seed data for make bench).",
        subcommands: [
            FakeMeta.self, FakeOpenAICommand.self, WebhookLoad.self, SeedConversation.self, SeedRelationship.self,
            BenchMinimise.self,
        ]
    )
}
