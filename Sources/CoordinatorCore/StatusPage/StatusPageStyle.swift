import Crypto
import FoundationEssentials

/// The status page's one style sheet (inline: the page loads no external asset) and its CSP hash, so the
/// Content-Security-Policy can allow exactly this style block and nothing else.
enum StatusPageStyle {
    /// The style sheet; the verdict colours come from ``StatusPalette``.
    static let css: String = {
        var css = """
            :root{color-scheme:light;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.4;color:#1f2328;background:#f6f8fa}
            body{margin:0}
            header,main,footer{max-width:980px;margin:0 auto;padding:0 12px}
            header{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:8px;padding-top:12px}
            h1{font-size:1.4rem;margin:0}
            h2{font-size:1.2rem;margin:24px 0 8px}
            h3{font-size:1.05rem;margin:0 0 4px;overflow-wrap:anywhere}
            .target h2{margin-top:0;overflow-wrap:anywhere}
            a{color:#0550ae}
            nav form{display:inline}
            button,input{font:inherit;padding:6px 10px}
            .target,.panel{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:12px;margin:0 0 12px}
            .addr{color:#57606a;font-weight:normal;font-size:.9rem}
            .tag{font-size:.75rem;border:1px solid #57606a;border-radius:4px;padding:0 4px;color:#57606a;font-weight:normal}
            .badge{display:inline-block;color:#fff;border-radius:4px;padding:2px 8px;font-weight:600}
            .badge.v-none{color:#1f2328}
            .verdict{margin:4px 0}
            .since,.muted{color:#57606a;font-size:.9rem;margin:4px 0}
            figure{margin:8px 0 0}
            .grid svg{display:block;width:100%;height:auto}
            .grid text{font-size:12px;fill:#1f2328}
            .grid text.axis{fill:#57606a;font-size:11px}
            figcaption{color:#57606a;font-size:.8rem}
            .legend{display:flex;flex-wrap:wrap;gap:4px 14px;list-style:none;padding:0;margin:8px 0;font-size:.85rem}
            .sw{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:4px;vertical-align:-1px}
            .scroll{overflow-x:auto}
            table{border-collapse:collapse;width:100%;background:#fff;font-size:.9rem}
            th,td{border-bottom:1px solid #d0d7de;padding:6px 8px;text-align:left;white-space:nowrap}
            td.num,th.num{text-align:right}
            .online{color:#1a7f37;font-weight:600}
            .offline{color:#c0262d;font-weight:600}
            .error{color:#c0262d}
            footer{color:#57606a;font-size:.8rem;padding-bottom:24px}
            @media (max-width:600px){.grid text{font-size:24px}.grid text.axis{font-size:22px}th,td{padding:4px 6px}}

            """
        for (cssClass, colour) in StatusPalette.classes {
            css += ".\(cssClass){background:\(colour);fill:\(colour)}\n"
        }
        return css
    }()

    /// `'sha256-…'` of ``css``, for the Content-Security-Policy's `style-src`.
    static let cspSource: String = {
        let digest = SHA256.hash(data: Array(Self.css.utf8))
        return "'sha256-\(Data(digest).base64EncodedString())'"
    }()

    /// The Content-Security-Policy of every status page: nothing but this style sheet and `data:` images.
    static let contentSecurityPolicy =
        "default-src 'none'; style-src \(cspSource); img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
}
