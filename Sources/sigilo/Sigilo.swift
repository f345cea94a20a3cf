import ArgumentParser

/// The `sigilo` command: the operator's one binary.
@main
struct Sigilo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sigilo",
        abstract: "Sigilo: a privacy-first WhatsApp CRM module.",
        discussion: "Configuration comes from environment variables (docs/configuration.md); flags override them.",
        subcommands: [
            Serve.self, Migrate.self, TenantCommand.self, UserCommand.self, KeysCommand.self, AuditCommand.self,
            DevCommand.self, WhatsAppCommand.self,
        ],
        defaultSubcommand: nil
    )
}
