using Consumables.Rules.Engine;
using Consumables.Rules.Policy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Consumables.Rules;

/// <summary>The DI-registered pricer: builds from the current options and reloads atomically when they change, logging and recording each outcome.</summary>
internal sealed class ReloadingPricer : IConsumablePricer, IDisposable
{
    private readonly ConsumablePricer _pricer;
    private readonly ILogger _logger;
    private readonly PolicyReloadStatus _status;
    private readonly IDisposable? _subscription;

    public ReloadingPricer(IOptionsMonitor<ConsumablesRulesOptions> monitor, ILogger logger, PolicyReloadStatus status)
    {
        _logger = logger;
        _status = status;
        _pricer = ConsumablePricer.Create(monitor.CurrentValue, logger);
        Applied();
        _subscription = monitor.OnChange(Reload);
    }

    public PolicyTimeline Policies => _pricer.Policies;

    public PricingResult Price(in ChargeLine line) => _pricer.Price(line);

    public PricingResult Price(RawChargeLine line) => _pricer.Price(line);

    public PricingResult Explain(in ChargeLine line) => _pricer.Explain(line);

    public IReadOnlyList<PricingResult> PriceVisit(IReadOnlyList<ChargeLine> lines, IEnumerable<object>? facts = null) => _pricer.PriceVisit(lines, facts);

    public void PriceBatch(ReadOnlySpan<ChargeLine> lines, Span<PricingResult> results) => _pricer.PriceBatch(lines, results);

    public IReadOnlyList<PricingResult> PriceBatch(IEnumerable<ChargeLine> lines) => _pricer.PriceBatch(lines);

    public IReadOnlyList<PricingResult> PriceBatch(IEnumerable<RawChargeLine> lines) => _pricer.PriceBatch(lines);

    public PricingResult PriceRefund(in ChargeLine refund, in PricingResult sale) => _pricer.PriceRefund(refund, sale);

    public PricingResult PriceRefund(in ChargeLine refund, DateOnly saleDate) => _pricer.PriceRefund(refund, saleDate);

    public void Dispose() => _subscription?.Dispose();

    private void Reload(ConsumablesRulesOptions options)
    {
        IReadOnlyList<PolicyProblem> problems;
        try
        {
            _pricer.ReloadValidated(options, _logger);
            Applied();
            return;
        }
        catch (PolicyLoadException ex)
        {
            problems = ex.Problems;
        }
        catch (IOException ex)
        {
            problems = [new PolicyProblem("PolicyFiles", ex.Message)];
        }
        catch (RuleCompilationException ex)
        {
            problems = [new PolicyProblem("ConfigureRules", ex.Message)];
        }

        ConsumablesRulesOptionsValidator.Refused(_logger, _status, problems);
    }

    private void Applied()
    {
        var ids = _pricer.Policies.Versions.Select(static v => v.Id).ToArray();
        Log.ReloadApplied(_logger, ConsumablesRulesOptionsValidator.Ids(ids));
        _status.Applied(ids);
    }
}
