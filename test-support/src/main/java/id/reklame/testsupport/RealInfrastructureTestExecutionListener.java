package id.reklame.testsupport;

import org.springframework.test.annotation.DirtiesContext.HierarchyMode;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Closes a {@link RealInfrastructureTest} class's context after the class. No other class can reuse it, and left
 * open in Spring's context cache it would keep its connection pool and Kafka consumers running.
 */
public final class RealInfrastructureTestExecutionListener extends AbstractTestExecutionListener {

    /** After-class callbacks run in reverse order: ours runs after @Sql and transactions, just before @DirtiesContext's. */
    @Override
    public int getOrder() {
        return 3001;
    }

    @Override
    public void afterTestClass(TestContext testContext) {
        if (RealInfrastructureContextCustomizerFactory.isRealInfrastructureTest(testContext.getTestClass())
                && testContext.hasApplicationContext()) {
            testContext.markApplicationContextDirty(HierarchyMode.CURRENT_LEVEL);
        }
    }
}
