import XCheckProtocol
/// PostgreSQL array literals (`{"a","b",NULL}`) for binding many values as one text parameter, so a batch is
/// one statement with `unnest($1::uuid[], …)` instead of one statement per row.
enum PostgresArray {
    /// The literal for `values`; every element quoted, `"` and `\` escaped, nil as NULL.
    static func literal(_ values: [String?]) -> String {
        var out = "{"
        out.reserveCapacity(values.reduce(2) { $0 + ($1?.utf8.count ?? 4) + 3 })
        for (index, value) in values.enumerated() {
            if index > 0 { out += "," }
            guard let value else {
                out += "NULL"
                continue
            }
            out += "\""
            for character in value.unicodeScalars {
                if character == "\"" || character == "\\" { out += "\\" }
                out.unicodeScalars.append(character)
            }
            out += "\""
        }
        out += "}"
        return out
    }
}
