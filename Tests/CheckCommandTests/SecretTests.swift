import Foundation
import Testing

extension CheckCommandTests {
    /// Item 5: the password of a configured account never appears in what xcheck prints, whatever the way it
    /// was given or the way the run ends; nor in the coordinator's or the agents' logs and database rows.
    @Suite("The password never appears")
    struct Secrets {
        @Test("in the output of any run, in the logs, in the database")
        func nowhere() async throws {
            let lab = try currentLab()
            let pw = Secret.password
            let user = Secret.username
            try await Panels.with { panel in
                let base = panel.baseURL
                let host = String(base.dropFirst("http://".count))
                let runs: [([String], [String: String])] = [
                    (["check", base, "-u", user, "-p", pw], lab.connected),
                    (["check", base, "-u", user, "-p", pw, "--json"], lab.connected),
                    (["check", base, "-u", user, "-p", Secret.wrongPassword], lab.connected),
                    (["check", base, "-u", user, "-p", Secret.wrongPassword, "--json"], lab.connected),
                    (["check", base, "-u", user, "-p", pw, "--private"], lab.connected),
                    (["check", base, "-u", user, "-p", pw, "--no-local", "--json"], lab.connected),
                    // The password in the URL, in a pasted playlist link, and from XCHECK_PASSWORD.
                    (["check", "http://\(user):\(pw)@\(host)"], lab.connected),
                    (["check", "\(base)/get.php?username=\(user)&password=\(pw)&type=m3u_plus&output=ts", "--json"], lab.connected),
                    (["check", base, "-u", user], lab.connected.merging(["XCHECK_PASSWORD": pw]) { $1 }),
                    // Runs that end badly.
                    (["check", base, "-u", user, "-p", pw, "--coordinator", Panels.closedURL()], [:]),
                    (["check", base, "-u", user, "-p", pw], ["XCHECK_COORDINATOR": lab.coordinatorURL, "XCHECK_TOKEN": "bad"]),
                    (["check", base, "-u", user, "-p", pw, "--wait", "0"], lab.connected),
                    (["check", base, "-u", user, "--wait", pw], lab.connected),
                    (["check", base, "-u", user, "-p\(pw)", "--bogus"], lab.connected),
                    (["check", base, "-u", user, "-p", pw, "--private", "--no-local"], lab.connected),
                    (["targets", "add", base, "-u", user, "-p", pw, "--interval", "5"], lab.connected),
                ]
                for (arguments, environment) in runs {
                    let result = try await lab.xcheck(arguments, environment: environment)
                    #expect(!result.allOutput.contains(pw), "the password appears in the output of\n\(result)")
                    #expect(!result.allOutput.contains(Secret.wrongPassword), "the password appears in the output of\n\(result)")
                }
                // A monitored target with the password, listed and run.
                let added = try await lab.xcheck(["targets", "add", base, "-u", user, "-p", pw, "--interval", "60", "--json"], environment: lab.connected)
                #expect(added.status == Exit.up, "\(added)")
                let id = try added.decode(TargetID.self).id
                try await lab.database.query("UPDATE targets SET next_run_at = now() WHERE id = $1", [String(id)])
                try await eventually("a result from every agent for target \(id)", within: .seconds(90)) {
                    try await lab.database.scalar("SELECT count(DISTINCT agent_id) FROM results WHERE target_id = $1", [String(id)]) == "3"
                }
                for arguments in [["targets", "list"], ["targets", "list", "--json"], ["history", "\(id)"], ["history", "\(id)", "--json"]] {
                    let result = try await lab.xcheck(arguments, environment: lab.connected)
                    #expect(result.status == Exit.up, "\(result)")
                    #expect(!result.allOutput.contains(pw), "the password appears in the output of\n\(result)")
                }
                let removed = try await lab.xcheck(["targets", "rm", "\(id)"], environment: lab.connected)
                #expect(removed.status == Exit.up, "\(removed)")
            }

            // Every run of the suite so far, not only this test's.
            for result in lab.allRuns {
                #expect(!result.allOutput.contains(pw) && !result.allOutput.contains(Secret.wrongPassword), "the password appears in the output of\n\(result)")
            }
            // The coordinator's and the agents' logs.
            let logs = lab.processLogs
            #expect(!logs.isEmpty)
            #expect(!logs.contains(pw) && !logs.contains(Secret.wrongPassword), "a password appears in a process log")
            // The database: no result document, no check or target row holds it in clear.
            let leaks = try await lab.database.scalar(
                """
                SELECT (SELECT count(*) FROM results WHERE document::text LIKE '%' || $1 || '%' OR confirmation::text LIKE '%' || $1 || '%')
                     + (SELECT count(*) FROM checks WHERE url LIKE '%' || $1 || '%' OR coalesce(username, '') LIKE '%' || $1 || '%'
                                                     OR position(convert_to($1, 'UTF8') IN coalesce(password_sealed, '')) > 0)
                     + (SELECT count(*) FROM targets WHERE url LIKE '%' || $1 || '%' OR name LIKE '%' || $1 || '%'
                                                      OR position(convert_to($1, 'UTF8') IN coalesce(password_sealed, '')) > 0)
                """, [pw])
            #expect(leaks == "0", "rows holding the password in clear: \(leaks ?? "?")")
        }

        struct TargetID: Decodable { var id: Int64 }
    }
}
