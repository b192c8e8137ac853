import CarportApp
import Testing

/// The exposition format's own rules: escaping in HELP and label values, numbers as Prometheus
/// spells them, and a family without samples left out.
struct PrometheusTextTests {
    @Test func escapesHelpAndLabelValuesAndSpellsNumbersAsPrometheusDoes() {
        var text = PrometheusText()
        text.family(
            "carport_example_seconds", .gauge, help: "A \\ and a\nnewline.",
            [
                .init([("kind", "a \"quoted\" \\ value\nhere"), ("mode", "live")], 42),
                .init([("kind", "x"), ("mode", "live")], 1.5),
                .init([("kind", "x"), ("mode", "nan")], .nan),
                .init([("kind", "x"), ("mode", "up")], .infinity),
                .init([("kind", "x"), ("mode", "down")], -.infinity),
            ])
        text.family("carport_nothing", .gauge, help: "Left out.", [])
        text.family("carport_runs_total", .counter, help: "A counter.", [.init(3)])
        #expect(
            text.text == """
                # HELP carport_example_seconds A \\\\ and a\\nnewline.
                # TYPE carport_example_seconds gauge
                carport_example_seconds{kind="a \\"quoted\\" \\\\ value\\nhere",mode="live"} 42
                carport_example_seconds{kind="x",mode="live"} 1.5
                carport_example_seconds{kind="x",mode="nan"} NaN
                carport_example_seconds{kind="x",mode="up"} +Inf
                carport_example_seconds{kind="x",mode="down"} -Inf
                # HELP carport_runs_total A counter.
                # TYPE carport_runs_total counter
                carport_runs_total 3

                """)
    }
}
