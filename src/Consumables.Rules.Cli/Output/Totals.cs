namespace Consumables.Rules.Cli.Output;

/// <summary>Running totals of a pricing run.</summary>
internal sealed class Totals
{
    public int Lines { get; private set; }

    public int Priced { get; private set; }

    public int Context { get; private set; }

    public int Failed => Lines - Priced - Context;

    public decimal Total { get; private set; }

    public decimal FullySelfPaid { get; private set; }

    public decimal OverLimit { get; private set; }

    public decimal PreSelfPay { get; private set; }

    public decimal InPolicyScope { get; private set; }

    public void Add(in PricingResult result)
    {
        Lines++;
        if (result.IsContext && result.Errors.Count == 0)
        {
            Context++;
            return;
        }

        if (!result.IsPriced)
        {
            return;
        }

        Priced++;
        Total += result.Total;
        FullySelfPaid += result.FullySelfPaid;
        OverLimit += result.OverLimit;
        PreSelfPay += result.PreSelfPay;
        InPolicyScope += result.InPolicyScope;
    }
}
