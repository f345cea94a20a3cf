package import Foundation

/// Where a webhook change goes: the tenant and channel owning a phone-number id, with the app
/// secret that must have signed the body.
package struct ChannelRoute: Sendable {
    package var phoneNumberID: String
    package var tenantID: UUID
    package var channelID: UUID
    package var appSecret: String

    package init(phoneNumberID: String, tenantID: UUID, channelID: UUID, appSecret: String) {
        self.phoneNumberID = phoneNumberID
        self.tenantID = tenantID
        self.channelID = channelID
        self.appSecret = appSecret
    }
}
