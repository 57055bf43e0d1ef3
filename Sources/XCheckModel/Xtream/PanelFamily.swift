/// Which kind of Xtream-compatible server answered.
public enum PanelFamily: String, Sendable, Hashable, Codable, CaseIterable {
    /// Xtream Codes 2.x and its forks (Xtream-UI, XC_VM), and the compatible re-implementations.
    case xtreamCodes = "xtream_codes"
    /// XUI.one: `server_info.xui` is true; rejected or inactive lines get an nginx-style 404 page.
    case xui
    /// Not determined (no login answer, or nothing identifies the family).
    case unknown
}
