package id.reklame.worker.decision;

import id.reklame.contracts.application.ApplicationEvent;
import id.reklame.contracts.application.ApplicationRevised;
import id.reklame.contracts.application.ApplicationSubmitted;
import id.reklame.contracts.application.PaymentReceived;
import id.reklame.contracts.decision.AssessedDecision;
import id.reklame.contracts.decision.PaymentAcceptedDecision;
import id.reklame.contracts.decision.PaymentRejectedDecision;
import id.reklame.contracts.decision.PermitDecision;
import id.reklame.contracts.decision.RejectedDecision;
import id.reklame.contracts.decision.RevisionRequiredDecision;
import id.reklame.contracts.model.ApplicationForm;
import id.reklame.contracts.model.TaxAssessment;
import id.reklame.platform.kafka.EventMetadata;
import id.reklame.platform.kafka.ReceivedEvent;
import id.reklame.worker.assessment.Assessor;
import id.reklame.worker.numbering.DocumentNumbers;
import id.reklame.worker.numbering.DocumentNumbers.Allocated;
import id.reklame.worker.numbering.DocumentNumbers.Kind;
import id.reklame.worker.payment.Payment;
import id.reklame.worker.payment.PaymentCheck;
import id.reklame.worker.payment.Payments;
import id.reklame.worker.placement.Candidate;
import id.reklame.worker.placement.Occupant;
import id.reklame.worker.placement.Site;
import id.reklame.worker.placement.SiteCells;
import id.reklame.worker.placement.Violation;
import id.reklame.worker.reference.ReferenceBook;
import id.reklame.worker.tracking.TrackedApplication;
import id.reklame.worker.tracking.TrackedApplications;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Decides on a run of application events in one transaction: the worker's view of each application,
 * the decisions, the payments and the numbers they take all commit together, or none of them does.
 * <p>
 * Everything a decision depends on comes from the events (the submission day, the assessment day, the
 * day paid), never from the clock at processing time; a trigger decided before gets the stored
 * decision back. A site is granted under advisory locks on the grid cells around it, so two
 * applications for one spot decided at the same moment, on any thread or instance, are serialised.
 */
@Service
public class DecisionMaker {

    private final DecisionLog log;
    private final TrackedApplications applications;
    private final Payments payments;
    private final DocumentNumbers numbers;
    private final ReferenceBook reference;
    private final Clock clock;

    public DecisionMaker(DecisionLog log, TrackedApplications applications, Payments payments, DocumentNumbers numbers,
                         ReferenceBook reference, Clock clock) {
        this.log = log;
        this.applications = applications;
        this.payments = payments;
        this.numbers = numbers;
        this.reference = reference;
        this.clock = clock;
    }

    @Transactional
    public List<Decided> decide(List<ReceivedEvent<ApplicationEvent>> events) {
        return run(events, 0, events.size());
    }

    /**
     * Decides on {@code events[from, to)}, in order. Later events (to the end of the list) only tell
     * which ones are superseded: a decision on a version that is no longer current would be dropped
     * by the command side, so none is made (and no number spent on it).
     */
    @Transactional
    public List<Decided> decide(List<ReceivedEvent<ApplicationEvent>> events, int from, int to) {
        return run(events, from, to);
    }

    private List<Decided> run(List<ReceivedEvent<ApplicationEvent>> events, int from, int to) {
        return new Run(events, from, to).decide();
    }

    /** The state of one transaction's work. */
    private final class Run {

        private final List<ReceivedEvent<ApplicationEvent>> slice;
        private final Map<UUID, Long> latestVersion = new HashMap<>();
        private final Map<UUID, Decided> earlier;
        private final Map<UUID, TrackedApplication> states;
        private final Set<UUID> changed = new HashSet<>();
        /** Who may hold a site in each cell: the database's holders, then this run's. */
        private final Map<Long, Set<UUID>> siteHolders = new HashMap<>();
        private final Map<UUID, TrackedApplication> holdersFromDatabase = new HashMap<>();
        private final Map<UUID, List<Payment>> paymentsSoFar;
        private final List<Payment> newPayments = new ArrayList<>();
        private final Assessor assessor = new Assessor(reference.current());

        Run(List<ReceivedEvent<ApplicationEvent>> events, int from, int to) {
            this.slice = events.subList(from, to);
            for (var event : events.subList(from, events.size())) {
                latestVersion.merge(event.data().applicationId(), event.metadata().sequence(), Math::max);
            }
            earlier = log.findByTriggers(slice.stream().map(e -> e.metadata().id()).toList());
            Set<UUID> ids = new HashSet<>();
            Set<UUID> paying = new HashSet<>();
            for (var event : slice) {
                ids.add(event.data().applicationId());
                if (event.data() instanceof PaymentReceived) {
                    paying.add(event.data().applicationId());
                }
            }
            states = new HashMap<>(applications.load(ids));
            paymentsSoFar = new HashMap<>(payments.of(paying));
            lockAndLoadSites();
        }

        private void lockAndLoadSites() {
            SortedSet<Long> cells = new TreeSet<>();
            for (var event : slice) {
                if (!earlier.containsKey(event.metadata().id()) && formOf(event.data()) instanceof ApplicationForm form) {
                    cells.addAll(SiteCells.around(Site.of(form.location().latitude(), form.location().longitude())));
                }
            }
            applications.lockSites(cells);
            for (TrackedApplication holder : applications.holdingSitesIn(cells)) {
                holdersFromDatabase.put(holder.id(), holder);
                register(holder);
            }
        }

        List<Decided> decide() {
            List<Pending> pending = new ArrayList<>();
            for (var event : slice) {
                EventMetadata trigger = event.metadata();
                Decided before = earlier.get(trigger.id());
                if (before != null) {
                    pending.add(new Known(before));
                    continue;
                }
                UUID id = event.data().applicationId();
                TrackedApplication state = states.getOrDefault(id, TrackedApplication.unknown(id));
                if (state.hasSeen(trigger.sequence())) {
                    continue; // an old event replayed whose decision (if any) is long superseded
                }
                TrackedApplication applied = state.apply(trigger, event.data());
                update(applied);
                Payment payment = event.data() instanceof PaymentReceived received ? record(applied, received) : null;
                if (latestVersion.get(id) > trigger.sequence()) {
                    continue;
                }
                Pending decision = switch (event.data()) {
                    case ApplicationSubmitted e -> assess(trigger, applied, e.form());
                    case ApplicationRevised e -> assess(trigger, applied, e.form());
                    case PaymentReceived e -> payment == null ? null : judge(trigger, applied, payment);
                    default -> null;
                };
                if (decision != null) {
                    pending.add(decision);
                }
            }
            return finish(pending);
        }

        private Pending assess(EventMetadata trigger, TrackedApplication application, ApplicationForm form) {
            LocalDate assessedOn = LocalDate.ofInstant(trigger.time(), TrackedApplication.JAKARTA);
            Candidate candidate = new Candidate(application.id(), form, application.submittedOn(), nearby(application.site()));
            return switch (assessor.assess(candidate, assessedOn)) {
                case Assessor.Refused refused -> new Made(trigger, refused.outcome() == Violation.Outcome.REJECTED
                        ? new RejectedDecision(application.id(), trigger.sequence(), refused.reasons())
                        : new RevisionRequiredDecision(application.id(), trigger.sequence(), refused.reasons()));
                case Assessor.Taxed taxed -> {
                    // the site is held from now on, for everything decided after this in any transaction
                    update(application.claimSite());
                    yield new NeedsSkpd(trigger, application.id(), taxed);
                }
            };
        }

        /** Records a payment not seen before; null for a repeated reference, which changes nothing. */
        private Payment record(TrackedApplication application, PaymentReceived received) {
            List<Payment> soFar = paymentsSoFar.computeIfAbsent(application.id(), k -> new ArrayList<>());
            if (soFar.stream().anyMatch(p -> p.reference().equals(received.reference()))) {
                return null;
            }
            Payment payment = new Payment(application.id(), received.reference(), received.billingCode(),
                    received.amount(), received.paidAt());
            soFar.add(payment);
            newPayments.add(payment);
            return payment;
        }

        private Pending judge(EventMetadata trigger, TrackedApplication application, Payment payment) {
            if (application.status() == null || !application.status().payable() || application.tax() == null) {
                return null; // nothing assessed to pay for: the command side accepts payments only when payable
            }
            List<Payment> others = paymentsSoFar.get(application.id()).stream().filter(p -> p != payment).toList();
            return switch (PaymentCheck.judge(application.tax(), application.dueDate(), application.billingCode(), others,
                    payment)) {
                case PaymentCheck.Enough enough -> new NeedsPermit(trigger, application, payment.reference(),
                        LocalDate.ofInstant(trigger.time(), TrackedApplication.JAKARTA));
                case PaymentCheck.Short shortOf -> new Made(trigger, new PaymentRejectedDecision(application.id(),
                        trigger.sequence(), payment.reference(), shortOf.amountDue(), shortOf.amountPaid(),
                        shortOf.shortfall()));
            };
        }

        private List<Occupant> nearby(Site site) {
            List<Occupant> nearby = new ArrayList<>();
            for (long cell : SiteCells.around(site)) {
                for (UUID id : siteHolders.getOrDefault(cell, Set.of())) {
                    TrackedApplication holder = states.getOrDefault(id, holdersFromDatabase.get(id));
                    if (holder != null && holder.holdsSite()) {
                        nearby.add(holder.asOccupant());
                    }
                }
            }
            return nearby;
        }

        private void update(TrackedApplication application) {
            states.put(application.id(), application);
            changed.add(application.id());
            register(application);
        }

        private void register(TrackedApplication application) {
            if (application.holdsSite()) {
                siteHolders.computeIfAbsent(SiteCells.cellOf(application.site()), k -> new HashSet<>()).add(application.id());
            }
        }

        /** Takes the numbers the decisions need (all at once, at the end), then records everything. */
        private List<Decided> finish(List<Pending> pending) {
            Map<UUID, Allocated> skpd = allocate(Kind.SKPD, pending.stream()
                    .filter(NeedsSkpd.class::isInstance).map(NeedsSkpd.class::cast)
                    .collect(groupByYear(p -> p.taxed().assessedOn().getYear(), NeedsSkpd::applicationId)));
            Map<UUID, Allocated> permits = allocate(Kind.PERMIT, pending.stream()
                    .filter(NeedsPermit.class::isInstance).map(NeedsPermit.class::cast)
                    .collect(groupByYear(p -> p.issuedOn().getYear(), p -> p.application().id())));

            List<Decided> decided = new ArrayList<>(pending.size());
            List<DecisionLog.Entry> made = new ArrayList<>();
            for (Pending p : pending) {
                PermitDecision decision = switch (p) {
                    case Known known -> {
                        decided.add(known.decided());
                        yield null;
                    }
                    case Made m -> m.decision();
                    case NeedsSkpd n -> {
                        Allocated number = skpd.get(n.applicationId());
                        TaxAssessment assessment = TaxAssessment.of(n.taxed().breakdown(), number.number(),
                                numbers.billingCode(number), n.taxed().assessedOn(), n.taxed().dueDate());
                        update(states.get(n.applicationId()).assessed(assessment));
                        yield new AssessedDecision(n.applicationId(), n.trigger().sequence(), assessment);
                    }
                    case NeedsPermit n -> new PaymentAcceptedDecision(n.application().id(), n.trigger().sequence(),
                            n.reference(), permits.get(n.application().id()).number(), n.application().startDate(),
                            n.application().endDate());
                };
                if (decision != null) {
                    DecisionLog.Entry entry = DecisionLog.entry(p.trigger().id(), decision, clock.instant(),
                            p.trigger().traceparent());
                    made.add(entry);
                    decided.add(entry.decided());
                }
            }
            log.saveAll(made);
            payments.saveAll(newPayments);
            applications.saveAll(changed.stream().map(states::get).toList());
            return decided;
        }

        /** Numbers given before are kept; the others are new, per year, in the order decided. */
        private Map<UUID, Allocated> allocate(Kind kind, Map<Integer, List<UUID>> byYear) {
            Map<UUID, Allocated> result = new HashMap<>(numbers.allocatedTo(kind,
                    byYear.values().stream().flatMap(List::stream).toList()));
            byYear.forEach((year, ids) -> {
                List<UUID> missing = ids.stream().filter(id -> !result.containsKey(id)).toList();
                List<Allocated> allocated = numbers.allocate(kind, year, missing);
                for (int i = 0; i < missing.size(); i++) {
                    result.put(missing.get(i), allocated.get(i));
                }
            });
            return result;
        }
    }

    private static <T> java.util.stream.Collector<T, ?, Map<Integer, List<UUID>>> groupByYear(
            Function<T, Integer> year, Function<T, UUID> id) {
        // years in ascending order, so every transaction takes the counter rows in the same order
        return java.util.stream.Collectors.groupingBy(year, TreeMap::new,
                java.util.stream.Collectors.mapping(id, java.util.stream.Collectors.toList()));
    }

    private static ApplicationForm formOf(ApplicationEvent event) {
        return switch (event) {
            case ApplicationSubmitted e -> e.form();
            case ApplicationRevised e -> e.form();
            default -> null;
        };
    }

    /** A decision on its way: known already, made, or waiting for a number. */
    private sealed interface Pending {
        EventMetadata trigger();
    }

    private record Known(Decided decided) implements Pending {
        @Override
        public EventMetadata trigger() {
            return decided.metadata();
        }
    }

    private record Made(EventMetadata trigger, PermitDecision decision) implements Pending {
    }

    private record NeedsSkpd(EventMetadata trigger, UUID applicationId, Assessor.Taxed taxed) implements Pending {
    }

    private record NeedsPermit(EventMetadata trigger, TrackedApplication application, String reference,
                               LocalDate issuedOn) implements Pending {
    }
}
