/// A permission a route requires, named as in `policies/roles.json`.
///
/// Every permission a route uses is listed in ``all``; start-up refuses a policy file that
/// does not define one of them, so a route can never require a permission nobody can hold.
package struct Permission: Sendable, Hashable, CustomStringConvertible {
    package let name: String

    package init(_ name: String) {
        self.name = name
    }

    package var description: String { name }

    package static let tenantRead = Permission("tenant:read")
    package static let usersRead = Permission("users:read")
    package static let usersManage = Permission("users:manage")
    package static let clientsManage = Permission("clients:manage")
    package static let auditRead = Permission("audit:read")
    package static let contactsRead = Permission("contacts:read")
    package static let contactsWrite = Permission("contacts:write")
    package static let templatesRead = Permission("templates:read")
    package static let templatesManage = Permission("templates:manage")
    package static let messagesRead = Permission("messages:read")
    package static let messagesSend = Permission("messages:send")
    package static let ticketsManage = Permission("tickets:manage")
    package static let settingsManage = Permission("settings:manage")
    package static let eventsWrite = Permission("events:write")
    package static let dsrManage = Permission("dsr:manage")
    package static let metricsRead = Permission("metrics:read")

    /// Every permission some route requires.
    package static let all: [Permission] = [
        .tenantRead, .usersRead, .usersManage, .clientsManage, .auditRead, .contactsRead, .contactsWrite,
        .templatesRead, .templatesManage, .messagesRead, .messagesSend, .ticketsManage, .settingsManage, .eventsWrite,
        .dsrManage, .metricsRead,
    ]
}
