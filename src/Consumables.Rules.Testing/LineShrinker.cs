using System.Globalization;
using Consumables.Rules.Catalogue;
using Consumables.Rules.Codes;
using Consumables.Rules.Policy;

namespace Consumables.Rules.Testing;

/// <summary>
/// Shrinks a failing charge line toward one a person can price by hand: quantity 1 or a small integer, a round price
/// with few decimals, the simplest listed code, the policy's first day, optional fields absent.
/// </summary>
/// <remarks>
/// FsCheck keeps the first candidate that still fails and shrinks it again, so every candidate is strictly simpler
/// than its line, field by field in this order: the quantity (positive before a refund, fewer decimals, then a smaller
/// magnitude), the price (likewise), the code (earlier in the policy's list), the date, then the optional fields. A
/// candidate that shortens the quantity may add a fen to the price: the quantity comes first, so shrinking still ends. Generators built with <c>Select</c>/<c>SelectMany</c> carry no shrinker
/// of their own, which is why each generator of lines is paired with this one.
/// </remarks>
internal sealed class LineShrinker
{
    private readonly PolicyVersion _policy;
    private readonly ConsumableCode[] _simpleCodes;
    private readonly AdministrativeDivision[] _areas;
    private readonly decimal[] _limits;

    internal LineShrinker(PolicyVersion policy, AdministrativeDivision[] areas)
    {
        _policy = policy;
        _areas = areas;
        var listed = policy.Catalogue.Where(static e => e.Level == CatalogueLevel.CatalogueCode)
            .Select(static e => ConsumableCode.Parse(e.Code.ToString() + "000000000001"));
        _limits = [.. policy.Catalogue.Select(static e => e.MaxPaymentLimit).OfType<decimal>()
            .Concat(policy.Procurement.SelectMany(static g => g.Winners.Select(static w => w.Price)))
            .Concat(policy.SettlementMedians.Select(static m => m.Median))
            .Append(policy.ItemCap).Distinct().Order()];
        _simpleCodes = [.. policy.Products.Select(static p => p.Code).Concat(listed).Distinct().Order()];
    }

    internal IEnumerable<ChargeLine> Shrink(ChargeLine line)
    {
        if (line.IsContext)
        {
            yield break;
        }

        // The few candidates of the other fields first: FsCheck stops after 5,000 tries, and these end soon.
        if (line.ServiceDate > _policy.EffectiveFrom)
        {
            yield return line with { ServiceDate = _policy.EffectiveFrom };
            var halfway = _policy.EffectiveFrom.AddDays((line.ServiceDate.DayNumber - _policy.EffectiveFrom.DayNumber) / 2);
            if (halfway > _policy.EffectiveFrom)
            {
                yield return line with { ServiceDate = halfway };
            }
        }

        if (line.InsuranceType != InsuranceType.Employee)
        {
            yield return line with { InsuranceType = InsuranceType.Employee };
        }

        var area = Array.IndexOf(_areas, line.PoolingArea);
        for (var i = 0; i < (area < 0 ? _areas.Length : area); i++)
        {
            yield return line with { PoolingArea = _areas[i] };
        }

        if (line.Origin is { } origin)
        {
            yield return line with { Origin = null };
            if (origin != Origin.Domestic)
            {
                yield return line with { Origin = Origin.Domestic };
            }
        }

        if (line.HospitalApproval != HospitalApproval.None)
        {
            yield return line with { HospitalApproval = HospitalApproval.None };
        }

        if (line.ServiceItemCode is not null)
        {
            yield return line with { ServiceItemCode = null };
        }

        foreach (var code in Codes(line.Code))
        {
            yield return line with { Code = code };
        }

        // A few whole units at the line's total, or at its amount within one of the policy's limits, keep what the
        // rules split (below the limit, every amount): a line a person can check.
        var units = Math.Abs(line.Quantity);
        if (Scale(units) > 0 || units > 1m)
        {
            var total = Fen(line.UnitPrice, line.Quantity);
            var bases = _limits.Where(l => l < line.UnitPrice).Select(l => (Fen: total - Fen(line.UnitPrice - l, line.Quantity), Below: l)).Prepend((Fen: total, Below: decimal.MaxValue));
            foreach (var (fen, below) in bases)
            {
                for (var n = 1m; n <= 100m && fen > 0m && fen <= 5_000_000_000m; n++)
                {
                    if ((n < units || Scale(units) > 0) && fen % n == 0m && fen / n / 100m <= below)
                    {
                        yield return line with { Quantity = n, UnitPrice = Normalize(fen / n / 100m) };
                    }
                }
            }
        }

        foreach (var quantity in Quantity(line.Quantity))
        {
            yield return line with { Quantity = quantity };
        }

        // A quantity of many decimals can be what makes a case fail; give a short quantity and let the price carry a fen more.
        if (Scale(line.Quantity) > 2)
        {
            var sign = line.Quantity < 0m ? -1m : 1m;
            foreach (var decimals in (int[])[1, 2])
            {
                var shorter = sign * Math.Round(Math.Abs(line.Quantity), decimals, MidpointRounding.ToZero);
                for (var cent = 0.01m; cent < 0.1m && shorter != 0m; cent += 0.01m)
                {
                    yield return line with { Quantity = shorter, UnitPrice = line.UnitPrice + cent };
                }
            }
        }

        foreach (var price in UnitPrice(line.UnitPrice))
        {
            yield return line with { UnitPrice = price };
        }
    }

    /// <summary>Simpler quantities: positive before a refund, then 1, small integers, fewer decimals, a smaller whole part.</summary>
    internal static IEnumerable<decimal> Quantity(decimal quantity)
    {
        if (quantity < 0m)
        {
            yield return -quantity;
        }

        var sign = quantity < 0m ? -1m : 1m;
        foreach (var magnitude in Simpler(Math.Abs(quantity), 4))
        {
            yield return sign * magnitude;
        }
    }

    /// <summary>Simpler unit prices: round values (1, 10, 100, …), fewer significant digits, fewer decimals, a smaller whole part.</summary>
    internal static IEnumerable<decimal> UnitPrice(decimal price) => Simpler(price, 6);

    /// <summary>
    /// Candidates simpler than a positive <paramref name="value"/>: fewer decimals, or as many and a smaller magnitude,
    /// so that no chain of candidates returns to where it started.
    /// </summary>
    private static IEnumerable<decimal> Simpler(decimal value, int maxScale)
    {
        if (value <= 0m)
        {
            return [];
        }

        var scale = Scale(value);
        var candidates = new List<decimal> { 1m };
        for (var n = 2m; n < Math.Min(value, 10m); n++)
        {
            candidates.Add(n);
        }

        for (var power = 10m; power < value; power *= 10m)
        {
            candidates.Add(power);
        }

        var whole = Math.Truncate(value);
        var digits = whole.ToString(CultureInfo.InvariantCulture).Length;
        for (var significant = 1; significant < digits; significant++)
        {
            var unit = Pow10(digits - significant);
            candidates.Add(Math.Truncate(value / unit) * unit);
            candidates.Add(Math.Round(value / unit, MidpointRounding.AwayFromZero) * unit);
        }

        for (var decimals = 0; decimals < scale; decimals++)
        {
            candidates.Add(Math.Round(value, decimals, MidpointRounding.ToZero));
            candidates.Add(Math.Round(value, decimals, MidpointRounding.AwayFromZero));
        }

        // Values with one or two decimals near the value: a case that needs a fraction keeps a short one.
        var tenths = Math.Truncate(value * 10m) / 10m;
        for (var j = 1m; j < 10m; j++)
        {
            candidates.Add(j / 10m);
            candidates.Add(whole + (j / 10m));
        }

        for (var j = 1m; j < 10m; j++)
        {
            candidates.Add(tenths + (j / 100m));
        }

        var fraction = value - whole;
        if (fraction != 0m && whole > 0m)
        {
            candidates.Add(fraction);
            candidates.Add(1m + fraction);
            candidates.Add(Math.Truncate(whole / 2m) + fraction);
            candidates.Add(whole - 1m + fraction);
        }
        else if (fraction == 0m && whole > 1m)
        {
            candidates.Add(Math.Truncate(whole / 2m));
            candidates.Add(whole - 1m);
        }

        return candidates.Where(c => c > 0m && Scale(c) <= maxScale && IsSimpler(c, value)).Select(Normalize).Distinct();
    }

    private static bool IsSimpler(decimal candidate, decimal value) =>
        Scale(candidate) < Scale(value) || (Scale(candidate) == Scale(value) && candidate < value);

    private IEnumerable<ConsumableCode> Codes(ConsumableCode code)
    {
        var index = Array.IndexOf(_simpleCodes, code);
        for (var i = 0; i < (index < 0 ? _simpleCodes.Length : index); i++)
        {
            yield return _simpleCodes[i];
        }
    }

    /// <summary>round(price × quantity) in whole fen, as a magnitude.</summary>
    private static decimal Fen(decimal price, decimal quantity) => Math.Abs(Math.Round(price * quantity * 100m, MidpointRounding.AwayFromZero));

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10m;
        }

        return result;
    }

    /// <summary>The number of decimals a value needs (trailing zeros do not count).</summary>
    private static int Scale(decimal value) => Normalize(value).Scale;

    private static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;
}
