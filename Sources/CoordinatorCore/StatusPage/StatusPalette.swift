import XCheckVerdict

/// How the status page shows a verdict: words (the verdict is always readable as text, never colour alone), a
/// CSS class and a colour. The page's style sheet is generated from this table, so words, classes and colours
/// cannot drift apart.
enum StatusPalette {
    /// One entry: words, class and colour (a background that white text is readable on, except for no data).
    struct Swatch: Sendable, Hashable {
        var words: String
        var cssClass: String
        var colour: String
    }

    /// The overall verdict of a target.
    static func swatch(_ verdict: OverallVerdict) -> Swatch {
        switch verdict {
        case .up: Swatch(words: "Up", cssClass: "v-up", colour: "#1a7f37")
        case .downForEveryone: Swatch(words: "Down for everyone", cssClass: "v-down", colour: "#c0262d")
        case .blockedForYou: Swatch(words: "Blocked for you", cssClass: "v-blocked", colour: "#b35900")
        case .blockedInSomeRegions: Swatch(words: "Blocked in some regions", cssClass: "v-blocked", colour: "#b35900")
        case .accountProblem: Swatch(words: "Account problem", cssClass: "v-account", colour: "#6f42c1")
        case .inconclusive: Swatch(words: "Inconclusive", cssClass: "v-inconclusive", colour: "#57606a")
        }
    }

    /// A region's verdict (a grid cell, a region line).
    static func swatch(_ verdict: RegionVerdict) -> Swatch {
        switch verdict {
        case .up: Swatch(words: "Up", cssClass: "v-up", colour: "#1a7f37")
        case .down: Swatch(words: "Down", cssClass: "v-down", colour: "#c0262d")
        case .blocked: Swatch(words: "Blocked", cssClass: "v-blocked", colour: "#b35900")
        case .accountProblem: Swatch(words: "Account problem", cssClass: "v-account", colour: "#6f42c1")
        case .inconclusive: Swatch(words: "Inconclusive", cssClass: "v-inconclusive", colour: "#57606a")
        }
    }

    /// A grid cell without any result.
    static let noData = Swatch(words: "No data", cssClass: "v-none", colour: "#d0d7de")

    /// The legend of the grid, in this order.
    static var legend: [Swatch] {
        RegionVerdict.allCases.map(Self.swatch) + [Self.noData]
    }

    /// Every distinct class with its colour (for the style sheet).
    static var classes: [(cssClass: String, colour: String)] {
        var seen: Set<String> = []
        var classes: [(String, String)] = []
        let all = OverallVerdict.allCases.map(Self.swatch) + RegionVerdict.allCases.map(Self.swatch) + [Self.noData]
        for swatch in all where seen.insert(swatch.cssClass).inserted {
            classes.append((swatch.cssClass, swatch.colour))
        }
        return classes
    }
}
