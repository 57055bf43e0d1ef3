#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension AgentConfiguration {
    /// Builds the configuration from its sources. For each setting the first source that has it wins:
    /// command-line flags, then environment variables (`XCHECK_*`), then the config file, then the default.
    ///
    /// - Parameters:
    ///   - flags: the values given as flags.
    ///   - configFile: the config file path from `--config`; `XCHECK_CONFIG` is used when nil.
    ///   - environment: the process environment (only `XCHECK_*` variables are read).
    ///   - readFile: reads the config file (tests pass their own).
    /// - Throws: ``ConfigurationError`` naming the flag, variable or file line at fault.
    public static func resolve(
        flags: [SettingKey: String],
        configFile: String? = nil,
        environment: [String: String],
        readFile: (String) throws(ConfigurationError) -> String = AgentConfiguration.readConfigFile
    ) throws(ConfigurationError) -> AgentConfiguration {
        var layers: [[SettingKey: SettingValue]] = []
        var fromFlags: [SettingKey: SettingValue] = [:]
        for (key, value) in flags { fromFlags[key] = SettingValue(text: value, source: .flag(key.flag)) }
        layers.append(fromFlags)
        var fromEnvironment: [SettingKey: SettingValue] = [:]
        for key in SettingKey.allCases {
            if let value = environment[key.environmentName] {
                fromEnvironment[key] = SettingValue(text: value, source: .environment(key.environmentName))
            }
        }
        layers.append(fromEnvironment)
        let path = configFile ?? environment[SettingKey.configFileEnvironmentName].flatMap { $0.isEmpty ? nil : $0 }
        if let path {
            let text = try readFile(path)
            layers.append(try ConfigurationFile.parse(text, path: path))
        }
        func setting(_ key: SettingKey) -> SettingValue? {
            for layer in layers { if let value = layer[key] { return value } }
            return nil
        }

        guard let coordinator = setting(.coordinator) else {
            throw ConfigurationError(
                "the coordinator URL is missing: give --coordinator URL, set XCHECK_COORDINATOR, or put 'coordinator = URL' in the config file"
            )
        }
        let coordinatorURL = try SettingParser.coordinatorURL(coordinator)
        guard let tokenSetting = setting(.token) else {
            throw ConfigurationError(
                "the agent token is missing: set XCHECK_AGENT_TOKEN (preferred: flags show in `ps`), put 'token = ...' in the config file, or give --token"
            )
        }
        let token = try SettingParser.token(tokenSetting)
        var configuration = AgentConfiguration(coordinatorURL: coordinatorURL, token: token)

        if let value = setting(.spoolDirectory) {
            configuration.spoolDirectory = try SettingParser.path(value)
        }
        if let value = setting(.maxConcurrency) {
            configuration.maxConcurrency = try SettingParser.integer(value, in: 1...10_000)
        }
        if let value = setting(.allowPrivateTargets) {
            configuration.allowPrivateTargets = try SettingParser.boolean(value)
        }
        if let value = setting(.metricsListen) {
            configuration.metricsListen = try SettingParser.listenAddress(value)
        }
        if let value = setting(.logLevel) {
            configuration.logLevel = try SettingParser.logLevel(value)
        }
        if let value = setting(.spoolMaxBytes) {
            configuration.spoolMaxBytes = try SettingParser.byteSize(value, minimum: 64 << 10)
        }
        if let value = setting(.shutdownDeadline) {
            configuration.shutdownDeadline = try SettingParser.duration(value, in: .zero ... .seconds(3600))
        }
        if let value = setting(.coordinatorCAFile) {
            configuration.coordinatorCAFile = value.text.isEmpty ? nil : try SettingParser.path(value)
        }
        return configuration
    }

    /// Reads a config file with a clear error when it cannot be read.
    public static func readConfigFile(_ path: String) throws(ConfigurationError) -> String {
        guard let file = fopen(path, "r") else {
            let reason = String(cString: strerror(errno))
            throw ConfigurationError("the config file \(path) cannot be read: \(reason)")
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n > 0 { bytes += buffer[0..<n] }
            if n < buffer.count { break }
            if bytes.count > 1 << 20 { throw ConfigurationError("the config file \(path) is larger than 1 MiB") }
        }
        if ferror(file) != 0 { throw ConfigurationError("the config file \(path) cannot be read") }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ConfigurationError("the config file \(path) is not UTF-8 text")
        }
        return text
    }

    /// The process environment's `XCHECK_*` variables.
    public static func processEnvironment() -> [String: String] {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if text.hasPrefix("XCHECK_"), let equals = text.firstIndex(of: "=") {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            pointer += 1
        }
        return result
    }
}
