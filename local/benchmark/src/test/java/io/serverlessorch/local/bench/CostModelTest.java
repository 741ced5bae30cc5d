package io.serverlessorch.local.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CostModelTest {

    @Test
    void aMillionOrdersCostTheirUnitsRequestsAndSecondsAtTheListedPrices() {
        // 10 write units, 2 read units, 7 invocations (5 steps), 0.1 s API, 0.5 s processor, 0.4 s in steps, 10 KiB of log lines.
        Map<String, Object> cost = CostModel.perMillionOrders(new CostModel.PerOrder(10, 2, 7, 5, 0.1, 0.5, 0.4, 10_240));

        assertEquals(6.50, cost.get("dynamoDb"));                 // 10 × 0.625 + 2 × 0.125
        assertEquals(3.50, cost.get("apiGateway"));
        assertEquals(1.40, cost.get("lambdaRequests"));           // 7 × 0.20
        assertEquals(12.0, cost.get("lambdaDuration"));           // (0.1 + 0.5 + 0.3) GB-s × 0.0000133334 × 1e6
        // (10,240 + 7 × 550 platform bytes (every invocation's start and report lines) + 500 for the API's access
        // log line) × 1e6 = 13.59 GiB at $0.50
        assertEquals(6.79, cost.get("logsIngestion"));
        assertEquals(6.50 + 3.50 + 1.40 + 12.0 + 6.79, (double) cost.get("totalPerMillionOrders"), 0.011, "the sum of the parts");
        // Without the processor: 6 invocations, 0.4 GB-s; plus 9 transitions at $0.025 per thousand; the same logs.
        assertEquals(6.50 + 3.50 + 1.20 + 5.33 + 225.0 + 6.79, (double) cost.get("stepFunctionsStandardPerMillionOrders"), 0.02);
    }

    @Test
    void expressPaysARequestAndTheWorkflowsDurationAtOneMemoryChunkInsteadOfTransitions() {
        CostModel.PerOrder order = new CostModel.PerOrder(10, 2, 7, 5, 0.1, 0.5, 0.4, 10_240);
        Map<String, Object> cost = CostModel.perMillionOrders(order);

        // 0.4 s in the steps and 5 tasks' overhead, rounded up to the next 100 ms, at 64 MB.
        double wallSeconds = 0.4 + 5 * CostModel.EXPRESS_TASK_OVERHEAD_SECONDS;
        double billedSeconds = Math.ceil(Math.round(wallSeconds * 1000) / 100.0) / 10;
        double express = CostModel.STEP_FUNCTIONS_EXPRESS_PER_MILLION_REQUESTS
                + billedSeconds * (64 / 1024.0) * CostModel.STEP_FUNCTIONS_EXPRESS_PER_GB_SECOND * 1_000_000;
        double transitions = CostModel.STEP_FUNCTIONS_TRANSITIONS_PER_ORDER * CostModel.STEP_FUNCTIONS_STANDARD_PER_THOUSAND_TRANSITIONS * 1000;
        assertEquals(wallSeconds, CostModel.expressWorkflowSeconds(0.4), 1e-9);
        assertEquals((double) cost.get("stepFunctionsStandardPerMillionOrders") - transitions + express,
                (double) cost.get("stepFunctionsExpressPerMillionOrders"), 0.011, "Standard's Lambda work, without its transitions");
        assertEquals(Benchmark.round((double) cost.get("totalPerMillionOrders") / (double) cost.get("stepFunctionsExpressPerMillionOrders")),
                (double) cost.get("ratioToStepFunctionsExpress"), 0.011);
    }

    @Test
    void expressRoundsEachExecutionUpToATenthOfASecondAndFollowsItsPrices() {
        double perGbSecond = CostModel.STEP_FUNCTIONS_EXPRESS_PER_GB_SECOND;

        assertEquals(CostModel.expressOrchestrationPerMillion(0.2, 1.0, perGbSecond),
                CostModel.expressOrchestrationPerMillion(0.11, 1.0, perGbSecond), 1e-9, "0.11 s bills as 0.2 s");
        assertTrue(CostModel.expressOrchestrationPerMillion(0.21, 1.0, perGbSecond) > CostModel.expressOrchestrationPerMillion(0.2, 1.0, perGbSecond));
        // Each price moves the figure by its own part: the request price by itself, the duration price by the GB-seconds.
        assertEquals(1.0, CostModel.expressOrchestrationPerMillion(0.2, 2.0, perGbSecond) - CostModel.expressOrchestrationPerMillion(0.2, 1.0, perGbSecond), 1e-9);
        assertEquals(0.2 * (64 / 1024.0) * perGbSecond * 1_000_000,
                CostModel.expressOrchestrationPerMillion(0.2, 1.0, 2 * perGbSecond) - CostModel.expressOrchestrationPerMillion(0.2, 1.0, perGbSecond), 1e-9);
    }

    @Test
    void durableFunctionsPayOperationsAndTheCheckpointsWrittenAndKept() {
        CostModel.PerOrder order = new CostModel.PerOrder(10, 2, 7, 5, 0.1, 0.5, 0.4, 10_240);
        Map<String, Object> cost = CostModel.perMillionOrders(order);

        // The start and five steps; the order (700 bytes) and five step results written, kept 14 days.
        assertEquals(6, CostModel.DURABLE_OPERATIONS_PER_ORDER);
        assertEquals(CostModel.ORDER_ITEM_BYTES + 5 * CostModel.STEP_RESULT_JSON_BYTES, CostModel.DURABLE_BYTES_WRITTEN_PER_ORDER);
        double gb = CostModel.DURABLE_BYTES_WRITTEN_PER_ORDER * 1_000_000 / (1024.0 * 1024 * 1024);
        double orchestration = 6 * CostModel.DURABLE_PER_MILLION_OPERATIONS + gb * CostModel.DURABLE_PER_GB_WRITTEN
                + gb * CostModel.DURABLE_RETENTION_DAYS / 30 * CostModel.DURABLE_PER_GB_MONTH_RETAINED;
        // Two invocations (the API, the durable function running the steps), the API's and the steps' GB-seconds.
        double lambda = 2 * CostModel.LAMBDA_PER_MILLION_REQUESTS
                + (0.1 * CostModel.API_GB + 0.4 * CostModel.STEP_GB) * CostModel.LAMBDA_ARM_PER_GB_SECOND * 1_000_000;
        double expected = 6.50 + 3.50 + lambda + (double) cost.get("logsIngestion") + orchestration;
        assertEquals(expected, (double) cost.get("durableFunctionsPerMillionOrders"), 0.011);
        assertEquals(Benchmark.round((double) cost.get("totalPerMillionOrders") / (double) cost.get("durableFunctionsPerMillionOrders")),
                (double) cost.get("ratioToDurableFunctions"), 0.011);
    }

    @Test
    void eachDurablePriceMovesItsOwnPart() {
        double gb = 1300 * 1_000_000 / (1024.0 * 1024 * 1024);
        double base = CostModel.durableOrchestrationPerMillion(6, 1300, 14, 8, 0.25, 0.15);

        assertEquals(6 * 8 + gb * 0.25 + gb * 14 / 30 * 0.15, base, 1e-9);
        assertEquals(6.0, CostModel.durableOrchestrationPerMillion(6, 1300, 14, 9, 0.25, 0.15) - base, 1e-9);
        assertEquals(gb * 0.25, CostModel.durableOrchestrationPerMillion(6, 1300, 14, 8, 0.50, 0.15) - base, 1e-9);
        assertEquals(gb * 14 / 30 * 0.15, CostModel.durableOrchestrationPerMillion(6, 1300, 14, 8, 0.25, 0.30) - base, 1e-9);
        assertEquals(gb * 14 / 30 * 0.15, CostModel.durableOrchestrationPerMillion(6, 1300, 28, 8, 0.25, 0.15) - base, 1e-9,
                "twice the retention, twice the retained part");
    }

    @Test
    void theFloorTableSplitsTheTotalAndPutsEachPartAtWhatTheDesignNeeds() {
        CostModel.PerOrder order = new CostModel.PerOrder(10, 2, 7, 5, 0.1, 0.5, 0.4, 10_240);

        List<CostModel.FloorRow> floor = CostModel.floor(order, 6, 2, 2);

        double now = floor.stream().mapToDouble(CostModel.FloorRow::now).sum();
        assertEquals((double) CostModel.perMillionOrders(order).get("totalPerMillionOrders"), now, 0.011, "the rows are the total");
        assertEquals(3.75, floor.get(0).now(), 1e-9);             // 6 item units
        assertEquals(5.625, floor.get(0).least(), 1e-9);          // 9 item writes: the measured 6 are below the design's floor
        assertEquals(1.25, floor.get(1).now(), 1e-9);             // 2 surcharge units
        assertEquals(1.00, floor.get(4).least(), 1e-9);           // an HTTP API
        assertEquals(floor.get(6).now(), floor.get(6).least(), 1e-9, "the functions' time is what it is measured to be");
        assertTrue(floor.get(7).least() < floor.get(7).now(), "logs without the functions' own lines cost less");
    }

    @Test
    void aCustomersPageIsOneQueryAndTheOrdersWhereAllOrdersQueryEveryShard() {
        Map<String, Object> pages = CostModel.listingPages(20, 32);

        // One Query of 22 entries (2,860 bytes: half a unit), 20 orders of 700 bytes at half a unit each.
        assertEquals(10.5, (double) pages.get("customerPageReadUnits"), 1e-9);
        assertEquals(1.31, pages.get("customerUsdPerMillionPages"));
        // 32 Queries of 22 entries (half a unit each), the same 20 orders.
        assertEquals(26.0, (double) pages.get("allOrdersPageReadUnits"), 1e-9);
        assertEquals(3.25, pages.get("allOrdersUsdPerMillionPages"));
        // A page of 100: 102 entries (13,260 bytes, 4 blocks: 2 units) and 100 orders.
        assertEquals(52.0, (double) CostModel.listingPages(100, 32).get("customerPageReadUnits"), 1e-9);
    }

    @Test
    void aMillionOrdersThatWaitForTheProviderCostTheDeadlineEntryTheWebhookAndASecondHop() {
        // A 700-byte order item (1 unit an update), its items read in one 4 KB consistent Query, 50 ms in the API
        // function for the webhook, a wait of the whole 15 minutes.
        Map<String, Object> cost = CostModel.perMillionWaitingOrders(new CostModel.Wait(1, 1, 0.05, 15));

        assertEquals(1.25, cost.get("deadlineIndex"));            // the entry in and out: 2 × 0.625
        // 2 index units + the webhook's move + one more history record, at 0.625; the Query and 15 COUNT reads of a
        // 120-byte entry (15 × 120 / 4096 × 0.5 units) at 0.125
        assertEquals(2.65, cost.get("dynamoDb"));
        assertEquals(3.50, cost.get("apiGateway"));               // the webhook's request
        assertEquals(0.40, cost.get("lambdaRequests"));           // the API function for the webhook, the processor once more
        assertEquals(0.67, cost.get("lambdaDuration"));           // 0.05 GB-s × 0.0000133334 × 1e6
        assertEquals(0.75, cost.get("logsIngestion"));            // (2 × 550 + 500) bytes × 1e6 = 1.49 GiB at $0.50
        assertEquals(7.96, cost.get("totalPerMillionWaitingOrders"));
    }

    @Test
    void aLongerWaitCostsOnlyTheSweepsCountReads() {
        double waitedAMinute = (double) CostModel.perMillionWaitingOrders(new CostModel.Wait(1, 1, 0.05, 1)).get("totalPerMillionWaitingOrders");
        double waitedAnHour = (double) CostModel.perMillionWaitingOrders(new CostModel.Wait(1, 1, 0.05, 60)).get("totalPerMillionWaitingOrders");

        // 59 more COUNT reads of the order's entry: 59 × 120 / 4096 × 0.5 units × $0.125 a million
        assertEquals(0.11, waitedAnHour - waitedAMinute, 0.011);
    }

    @Test
    void theSweepCostsLessThanAQuarterOfADollarAMonthWhateverTheTraffic() {
        Map<String, Object> month = CostModel.deadlineSweepPerMonth();

        assertEquals(43_200L, month.get("sweeps"));                // one a minute, 30 days
        assertEquals(345_600.0, month.get("readUnits"));          // 8 shards × 2 queries × half a unit, each sweep
        assertEquals(0.0432, month.get("dynamoDb"));
        assertEquals(0.0086, month.get("lambdaRequests"));        // 43,200 × $0.20 a million
        assertEquals(0.0864, month.get("lambdaDuration"));        // 43,200 × 0.2 s × 0.75 GB × 0.0000133334
        assertEquals(0.0181, month.get("logsIngestion"));         // 43,200 × 900 bytes at $0.50 a GiB
        assertEquals(0.1563, month.get("totalPerMonth"));
    }
}
