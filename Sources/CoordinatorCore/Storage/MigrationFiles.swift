import XCheckProtocol
import FoundationEssentials
public import LibPQ

/// Reads the versioned SQL migrations: files named `NNNN_name.sql`, applied in version order.
public enum MigrationFiles {
    /// Why the migrations could not be read.
    public struct LoadError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Every `NNNN_name.sql` file in `directory`, as migrations.
    public static func load(directory: String) throws -> [Migration] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw LoadError(description: "cannot list the migrations in \(directory)")
        }
        var migrations: [Migration] = []
        for name in names.sorted() where name.hasSuffix(".sql") {
            let stem = name.dropLast(4)
            guard let underscore = stem.firstIndex(of: "_"), let version = Int(stem[..<underscore]), version > 0 else {
                throw LoadError(description: "migration file \(name) is not named NNNN_name.sql")
            }
            guard let data = FileManager.default.contents(atPath: "\(directory)/\(name)"),
                let sql = String(data: data, encoding: .utf8)
            else { throw LoadError(description: "cannot read the migration \(name)") }
            migrations.append(Migration(version: version, name: String(stem[stem.index(after: underscore)...]), sql: sql))
        }
        guard !migrations.isEmpty else { throw LoadError(description: "no migrations found in \(directory)") }
        return migrations
    }
}
