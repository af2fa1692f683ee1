package dev.gantry.agent.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class DescribeAheadTest {
    /** Answers networkd's Describes in the order given, and counts what was asked. */
    private static final class ScriptedFacts implements LinkFacts {
        final Deque<CompletableFuture<Optional<String>>> answers = new ArrayDeque<>();
        final List<Integer> asked = new ArrayList<>();

        @Override
        public ScriptEnvironment.Addresses addresses(int ifindex) {
            return ScriptEnvironment.Addresses.NONE;
        }

        @Override
        public Optional<String> networkdLease(int ifindex) {
            return Optional.empty();
        }

        @Override
        public CompletableFuture<Optional<String>> describe(int ifindex) {
            asked.add(ifindex);
            return answers.removeFirst();
        }
    }

    private static CompletableFuture<Optional<String>> answer(String operationalState) {
        return CompletableFuture.completedFuture(Optional.of(
                "{\"Index\":3,\"OperationalState\":\"" + operationalState + "\",\"CarrierState\":\"carrier\"}"));
    }

    @Test
    void anAnswerAskedForAtTheKernelsEventThatShowsTheSignalsValuesIsUsedWithoutAskingAgain() {
        ScriptedFacts facts = new ScriptedFacts();
        CompletableFuture<Optional<String>> early = new CompletableFuture<>();
        facts.answers.add(early);
        DescribeAhead ahead = new DescribeAhead(facts);

        ahead.kernelChanged(3);
        CompletableFuture<Optional<String>> json = ahead.forSignal(3, Map.of("OperationalState", "routable"));
        assertThat(json).isNotDone();
        early.complete(answer("routable").join());

        assertThat(json.join()).hasValueSatisfying(j -> assertThat(j).contains("\"routable\""));
        assertThat(facts.asked).containsExactly(3);
    }

    @Test
    void anAnswerNetworkdGaveBeforeItHandledTheChangeIsAskedForAgain() {
        ScriptedFacts facts = new ScriptedFacts();
        facts.answers.add(answer("no-carrier"));
        facts.answers.add(answer("routable"));
        DescribeAhead ahead = new DescribeAhead(facts);

        ahead.kernelChanged(3);
        Optional<String> json = ahead.forSignal(3, Map.of("OperationalState", "routable", "CarrierState", "carrier"))
                .join();

        assertThat(json).hasValueSatisfying(j -> assertThat(j).contains("\"routable\""));
        assertThat(facts.asked).containsExactly(3, 3);
    }

    @Test
    void withoutAKernelEventTheDescribeIsAskedForAtTheSignalAndAnEarlyAnswerServesOneSignalOnly() {
        ScriptedFacts facts = new ScriptedFacts();
        facts.answers.add(answer("routable"));
        facts.answers.add(answer("routable"));
        facts.answers.add(answer("routable"));
        DescribeAhead ahead = new DescribeAhead(facts);

        ahead.forSignal(3, Map.of("OperationalState", "routable")).join();
        assertThat(facts.asked).hasSize(1);
        ahead.kernelChanged(3);
        ahead.forSignal(3, Map.of("OperationalState", "routable")).join();
        ahead.forSignal(3, Map.of("OperationalState", "routable")).join();
        assertThat(facts.asked).hasSize(3);
    }

    @Test
    void aLinkThatWentTakesItsEarlyAnswerAlong() {
        ScriptedFacts facts = new ScriptedFacts();
        facts.answers.add(answer("routable"));
        facts.answers.add(answer("off"));
        DescribeAhead ahead = new DescribeAhead(facts);

        ahead.kernelChanged(3);
        ahead.forget(3);

        assertThat(ahead.forSignal(3, Map.of("OperationalState", "off")).join())
                .hasValueSatisfying(j -> assertThat(j).contains("\"off\""));
        assertThat(facts.asked).hasSize(2);
    }

    @Test
    void propertiesTheDescribeDoesNotCarryAndBrokenJsonAreJudgedAsTheyShouldBe() {
        String json = answer("routable").join().orElseThrow();
        assertThat(DescribeAhead.shows(json, Map.of("OperationalState", "routable", "SomethingNew", "x"))).isTrue();
        assertThat(DescribeAhead.shows(json, Map.of("CarrierState", "no-carrier"))).isFalse();
        assertThat(DescribeAhead.shows("{not json", Map.of("OperationalState", "routable"))).isFalse();
    }
}
