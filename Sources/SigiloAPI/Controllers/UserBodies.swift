import Foundation

/// `POST /users`.
struct CreateUserRequest: Decodable {
    var email: String
    var password: String
    var roles: [String]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case email, password, roles
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        email = try container.decode(String.self, forKey: .email)
        password = try container.decode(String.self, forKey: .password)
        roles = try container.decode([String].self, forKey: .roles)
    }
}

/// `PATCH /users/{id}`: absent fields stay as they are.
struct UpdateUserRequest: Decodable {
    var roles: [String]?
    var disabled: Bool?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case roles, disabled
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        roles = try container.decodeIfPresent([String].self, forKey: .roles)
        disabled = try container.decodeIfPresent(Bool.self, forKey: .disabled)
    }
}

/// A user as the API shows it: the e-mail opened, the password hash never.
struct UserView: Encodable {
    var id: String
    var email: String
    var roles: [String]
    var disabled: Bool
    var createdAt: Date
    var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, email, roles, disabled
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}

/// A page of users; `next` is the `after` cursor of the following page.
struct UserList: Encodable {
    var users: [UserView]
    var next: String?
}
