using Consumables.Rules.Codes;
using Consumables.Rules.Testing;
using FsCheck;
using FsCheck.Fluent;

namespace Consumables.Rules.Tests.Codes;

public class CodePropertyTests
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(2_000);

    [Fact]
    public void Every_valid_code_round_trips()
    {
        Check.One(Runs, Prop.ForAll(CodeGenerators.ConsumableCodeText.ToArbitrary(), text =>
            ConsumableCode.Parse(text).ToString() == text &&
            ConsumableCode.Parse(text.AsSpan()) == ConsumableCode.Parse(text)));
    }

    [Fact]
    public void Every_valid_catalogue_code_round_trips()
    {
        Check.One(Runs, Prop.ForAll(CodeGenerators.CatalogueCodeText.ToArbitrary(), text =>
            CatalogueCode.Parse(text).ToString() == text));
    }

    [Fact]
    public void The_manufacturer_code_is_the_first_twenty_characters_round_trips_and_converts_as_the_code_does()
    {
        Check.One(Runs, Prop.ForAll(CodeGenerators.ConsumableCodeText.ToArbitrary(), text =>
        {
            var code = ConsumableCode.Parse(text);
            var manufacturer = ManufacturerCode.Parse(text[..ManufacturerCode.Length]);
            return code.ManufacturerCode == manufacturer
                && manufacturer.ToString() == text[..ManufacturerCode.Length]
                && manufacturer.CatalogueCode == code.CatalogueCode
                && manufacturer.GenericNameClass == code.GenericNameClass
                && manufacturer.Manufacturer == code.Manufacturer
                && manufacturer.Contains(code)
                && !ConsumableCode.TryParse(text.AsSpan(0, ManufacturerCode.Length), out _, out var error)
                && error.Kind == CodeErrorKind.ManufacturerCodeForConsumableCode;
        }));
    }

    [Fact]
    public void Every_single_character_corruption_is_rejected_at_its_position()
    {
        Check.One(Runs, Prop.ForAll(CodeGenerators.CorruptedConsumableCodes.ToArbitrary(), corrupted =>
        {
            var parsed = ConsumableCode.TryParse(corrupted.Text.AsSpan(), out _, out var error);
            return !parsed && error.Position == corrupted.Position && error.Kind == corrupted.Kind;
        }));
    }

    [Fact]
    public void The_catalogue_code_is_the_first_fifteen_characters_and_owns_the_code()
    {
        Check.One(Runs, Prop.ForAll(CodeGenerators.ConsumableCodes.ToArbitrary(), code =>
            code.CatalogueCode.ToString() == code.ToString()[..CatalogueCode.Length] &&
            code.CatalogueCode.Contains(code) &&
            code.GenericNameClass.ToString() == code.ToString()[..GenericNameClass.Length]));
    }

    [Fact]
    public void Ordering_agrees_with_ordinal_string_ordering()
    {
        var pairs = CodeGenerators.ConsumableCodes.Two().ToArbitrary();
        Check.One(Runs, Prop.ForAll(pairs, pair =>
            Math.Sign(pair.Item1.CompareTo(pair.Item2)) ==
            Math.Sign(string.CompareOrdinal(pair.Item1.ToString(), pair.Item2.ToString())) &&
            (pair.Item1 == pair.Item2) == (pair.Item1.ToString() == pair.Item2.ToString())));
    }

    [Fact]
    public void Parse_and_TryParse_agree_on_arbitrary_strings()
    {
        var texts = Gen.OneOf(
            ArbMap.Default.GeneratorFor<string>(),
            CodeGenerators.ConsumableCodeText,
            CodeGenerators.CorruptedConsumableCodes.Select(static c => c.Text)).ToArbitrary();

        Check.One(Runs, Prop.ForAll(texts, text =>
        {
            var tried = ConsumableCode.TryParse(text, out var viaTry);
            try
            {
                var viaParse = ConsumableCode.Parse(text);
                return tried && viaParse == viaTry;
            }
            catch (CodeFormatException ex)
            {
                ConsumableCode.TryParse(text.AsSpan(), out _, out var error);
                return !tried && ex.Error == error;
            }
            catch (ArgumentNullException)
            {
                return !tried && text is null;
            }
        }));
    }
}
