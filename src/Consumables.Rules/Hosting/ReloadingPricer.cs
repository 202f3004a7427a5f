using Consumables.Rules.Policy;
using Microsoft.Extensions.Options;

namespace Consumables.Rules;

/// <summary>The DI-registered pricer: builds from the current options and reloads atomically when they change.</summary>
internal sealed class ReloadingPricer : IConsumablePricer, IDisposable
{
    private readonly ConsumablePricer _pricer;
    private readonly IDisposable? _subscription;

    public ReloadingPricer(IOptionsMonitor<ConsumablesRulesOptions> monitor)
    {
        _pricer = ConsumablePricer.Create(monitor.CurrentValue);
        _subscription = monitor.OnChange(Reload);
    }

    /// <summary>Gets the last reload failure, if the most recent reload was refused (the previous policies stay in use).</summary>
    internal Exception? LastReloadError { get; private set; }

    public PolicyTimeline Policies => _pricer.Policies;

    public PricingResult Price(in ChargeLine line) => _pricer.Price(line);

    public PricingResult Price(RawChargeLine line) => _pricer.Price(line);

    public PricingResult Explain(in ChargeLine line) => _pricer.Explain(line);

    public IReadOnlyList<PricingResult> PriceVisit(IReadOnlyList<ChargeLine> lines, IEnumerable<object>? facts = null) => _pricer.PriceVisit(lines, facts);

    public void PriceBatch(ReadOnlySpan<ChargeLine> lines, Span<PricingResult> results) => _pricer.PriceBatch(lines, results);

    public IReadOnlyList<PricingResult> PriceBatch(IEnumerable<ChargeLine> lines) => _pricer.PriceBatch(lines);

    public IReadOnlyList<PricingResult> PriceBatch(IEnumerable<RawChargeLine> lines) => _pricer.PriceBatch(lines);

    public void Dispose() => _subscription?.Dispose();

    private void Reload(ConsumablesRulesOptions options)
    {
        try
        {
            _pricer.ReloadValidated(options);
            LastReloadError = null;
        }
        catch (Exception ex) when (ex is PolicyLoadException or IOException or Engine.RuleCompilationException)
        {
            LastReloadError = ex;
        }
    }
}
