import CarportCore
import Testing

@Suite struct VINFormatTests {
    @Test func aVINIsTrimmedAndUpperCased() throws {
        #expect(try VINFormat.checked(" 5yj3e1ea7nf100001 ") == "5YJ3E1EA7NF100001")
    }

    @Test(arguments: [
        ("5YJ3E1EA7NF10000", "it has 16 characters, a VIN has 17"),
        ("5YJ3E1EA7NF10000O", "contains `O`, which VINs never use (read it as 0)"),
        ("5YJ3E1EA7NF1I0001", "contains `I`, which VINs never use (read it as 1)"),
        ("5YJ3E1EA7NF1Q0001", "contains `Q`"),
        ("5YJ3E1EA7NF1-0001", "contains `-`; a VIN has only letters and digits"),
    ])
    func malformedVINsAreRefusedWithTheReason(vin: String, says: String) {
        #expect(VINFormat.problem(vin)?.contains(says) == true, "\(String(describing: VINFormat.problem(vin)))")
        #expect(throws: CarportError.self) { try VINFormat.checked(vin) }
    }

    @Test func theErrorIsAUsageErrorThatSaysWhatToDo() {
        do {
            _ = try VINFormat.checked("ABC\u{1B}[2J")
            Issue.record("accepted a malformed VIN")
        } catch let error as CarportError {
            #expect(error.kind == .usage)
            #expect(error.message.contains("17 characters") && !error.message.contains("\u{1B}"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
