package io.serverlessorch.local.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportTest {

    @Test
    void theFourWaysToDriveTheStepsStandSideBySideWithTheirRatiosAndPrices() {
        Map<String, Object> cost = CostModel.perMillionOrders(new CostModel.PerOrder(10, 2, 7, 5, 0.1, 0.5, 0.4, 10_240));
        StringBuilder md = new StringBuilder();

        Report.orchestrators(md, cost);

        List<String> rows = md.toString().lines().filter(line -> line.startsWith("| ") && !line.startsWith("| driven by")).toList();
        assertEquals(4, rows.size(), md.toString());
        assertRow(rows.get(0), "this pipeline", cost.get("totalPerMillionOrders"), 1.0, cost.get("pricesAsOf"));
        assertRow(rows.get(1), "Step Functions Standard", cost.get("stepFunctionsStandardPerMillionOrders"), cost.get("ratioToStepFunctions"),
                cost.get("pricesAsOf"));
        assertRow(rows.get(2), "Step Functions Express", cost.get("stepFunctionsExpressPerMillionOrders"), cost.get("ratioToStepFunctionsExpress"),
                CostModel.EXPRESS_PRICES_AS_OF);
        assertRow(rows.get(3), "Lambda durable functions", cost.get("durableFunctionsPerMillionOrders"), cost.get("ratioToDurableFunctions"),
                CostModel.DURABLE_PRICES_AS_OF);
    }

    private static void assertRow(String row, String drivenBy, Object usd, Object ratio, Object prices) {
        String[] cells = row.split(" \\| ");
        assertTrue(cells[0].startsWith("| " + drivenBy), row);
        assertEquals(String.format(java.util.Locale.ROOT, "$%.2f", ((Number) usd).doubleValue()), cells[1], row);
        assertEquals(String.valueOf(ratio), cells[2], row);
        assertEquals(prices + " |", cells[3], row);
    }
}
