import CarportCore

extension Role {
    /// The colour of a compatibility verdict, the same in the CLI and the UI.
    public static func compatibility(_ verdict: CompatibilityReport.Verdict) -> Role {
        switch verdict {
        case .capable: .healthy
        case .notCapable: .expiring
        case .notCompatible: .error
        }
    }
}
