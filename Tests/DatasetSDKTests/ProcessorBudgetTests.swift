@testable import DatasetSDK
import Foundation
import XCTest

/// Default thread counts follow the processors this process may use, not the machine's.
final class ProcessorBudgetTests: XCTestCase {
    func testTheAffinityListIsCounted() {
        XCTAssertEqual(ProcessorBudget.allowedProcessors(status: "Name:\tx\nCpus_allowed:\tff\nCpus_allowed_list:\t0-3,8,10-11\n"), 7)
        XCTAssertEqual(ProcessorBudget.allowedProcessors(status: "Cpus_allowed_list:\t5\n"), 1)
        XCTAssertNil(ProcessorBudget.allowedProcessors(status: "Name:\tx\n"), "no line, no limit")
        XCTAssertNil(ProcessorBudget.allowedProcessors(status: "Cpus_allowed_list:\t3-1\n"), "a reversed range is not trusted")
        XCTAssertNil(ProcessorBudget.allowedProcessors(status: "Cpus_allowed_list:\tlots\n"))
    }

    func testACgroupQuotaIsRoundedUpToWholeProcessors() {
        XCTAssertEqual(ProcessorBudget.processors(cpuMax: "200000 100000\n"), 2, "limits.cpu: 2")
        XCTAssertEqual(ProcessorBudget.processors(cpuMax: "150000 100000\n"), 2, "limits.cpu: 1.5")
        XCTAssertEqual(ProcessorBudget.processors(cpuMax: "50000 100000\n"), 1, "limits.cpu: 500m")
        XCTAssertNil(ProcessorBudget.processors(cpuMax: "max 100000\n"), "no limit")
        XCTAssertNil(ProcessorBudget.processors(cpuMax: ""))
        XCTAssertNil(ProcessorBudget.processors(quota: -1, period: 100000), "cgroup v1: -1 is no limit")
    }

    func testTheBudgetIsWithinTheProcessorsOnlineAndThisProcesssAffinity() throws {
        let budget = ProcessorBudget.available
        XCTAssertGreaterThanOrEqual(budget, 1)
        XCTAssertLessThanOrEqual(budget, ProcessInfo.processInfo.processorCount)
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        if let allowed = ProcessorBudget.allowedProcessors(status: status) { XCTAssertLessThanOrEqual(budget, allowed) }
    }
}
