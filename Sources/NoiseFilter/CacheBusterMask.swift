/// Cache-busting query values and fingerprinted asset names in URLs: `?v=123`, `?ver=1.2.3`,
/// `?_=1699999999`, `app.3f2a9c1d.js`, `main-8f7e6d5c.css`. Version numbers in prose ("v2.3.1
/// released") are not in a URL and stay.
enum CacheBusterMask {
    static let placeholder = "⟦hash⟧"

    /// The value must be hex, digits and dots (with a digit): a YouTube `?v=dQw4w9WgXcQ` is
    /// content, not a cache buster.
    private static let query = #"(?<=\S)([?&](?:v|ver|version|_|cb|t|ts|timestamp|rev|hash|build|cachebust(?:er)?|bust|nocache|rand|r|_dc)=)([0-9a-f][0-9a-f._-]*)(?![a-z0-9_])"#
    private static let asset = #"(?<=[a-z0-9_])([.-])([a-z0-9_]{6,32})((?:\.min|\.bundle|\.chunk)?\.(?:js|mjs|cjs|css|map|png|jpe?g|gif|svg|webp|avif|ico|woff2?|ttf|otf|eot|json|wasm))(?![a-z0-9])"#

    private static let equals: Needle = "="
    private static let extensions: [Needle] = [".js", ".mjs", ".cjs", ".css", ".map", ".png", ".jp", ".gif", ".svg", ".webp", ".avif", ".ico", ".woff", ".ttf", ".otf", ".eot", ".json", ".wasm"]

    static let rule = MaskingRule(rule: .cacheBuster, patterns: [
        MaskingPattern(query, when: { $0.hasDigit && $0.contains(equals) }) { match in
            guard let value = match.group(2), value.contains(where: \.isNumber) else { return nil }
            return match.replacing(group: 2, with: placeholder)
        },
        MaskingPattern(asset, when: { $0.hasDigit && $0.containsAny(extensions) }) { match in
            guard let hash = match.group(2), TokenShape.isAssetHash(Substring(hash)) else { return nil }
            return match.replacing(group: 2, with: placeholder)
        },
    ].compactMap { $0 })

    static let patternCount = 2
}
