using Consumables.Rules.Codes;

namespace Consumables.Rules.Tests.Codes;

public class ConsumableCodeTests
{
    // Real 20-character codes (NHSA examples), extended with a 7-digit serial to the 27-character form.
    private const string StentCatalogue = "C01010100101001"; // tracheal-bronchial stent, nickel-titanium, fully covered
    private const string BonePlateCatalogue = "C03111608002007"; // paediatric bone plate, pure titanium, humerus

    [Fact]
    public void Parse_reads_the_segments_of_the_stent_code()
    {
        var code = ConsumableCode.Parse("C0101010010100104744" + "0000001");

        Assert.Equal("01", code.Level1);
        Assert.Equal("01", code.Level2);
        Assert.Equal("01", code.Level3);
        Assert.Equal("001", code.GenericName);
        Assert.Equal("01", code.Material);
        Assert.Equal("001", code.Feature);
        Assert.Equal("04744", code.Manufacturer);
        Assert.Equal("0000001", code.Serial);
        Assert.Equal(StentCatalogue, code.CatalogueCode.ToString());
        Assert.Equal("C010101001", code.GenericNameClass.ToString());
    }

    [Fact]
    public void Parse_reads_the_segments_of_the_bone_plate_code()
    {
        var code = ConsumableCode.Parse("C0311160800200706410" + "1234567");

        Assert.Equal("03", code.Level1);
        Assert.Equal("11", code.Level2);
        Assert.Equal("16", code.Level3);
        Assert.Equal("080", code.GenericName);
        Assert.Equal("02", code.Material);
        Assert.Equal("007", code.Feature);
        Assert.Equal("06410", code.Manufacturer);
        Assert.Equal("1234567", code.Serial);
        Assert.Equal(BonePlateCatalogue, code.CatalogueCode.ToString());
        Assert.Equal("C0311160800200706410" + "1234567", code.ToString());
    }

    [Fact]
    public void Parse_refuses_a_twenty_character_manufacturer_code_where_a_line_needs_27_with_its_own_message()
    {
        var ex = Assert.Throws<CodeFormatException>(() => ConsumableCode.Parse("C0311160800200706410"));

        Assert.Equal(CodeErrorKind.ManufacturerCodeForConsumableCode, ex.Error.Kind);
        Assert.Equal(20, ex.Error.ActualLength);
        Assert.Contains("27", ex.Message, StringComparison.Ordinal);
        Assert.Contains("classification-and-manufacturer", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_throws_a_FormatException()
    {
        Assert.ThrowsAny<FormatException>(() => ConsumableCode.Parse("X"));
    }

    [Fact]
    public void Parse_rejects_empty_text()
    {
        Assert.False(ConsumableCode.TryParse(ReadOnlySpan<char>.Empty, out _, out var error));
        Assert.Equal(CodeErrorKind.Empty, error.Kind);
    }

    [Fact]
    public void Parse_rejects_lowercase_prefix()
    {
        Assert.False(ConsumableCode.TryParse("c0311160800200706410" + "1234567", out _, out var error));
        Assert.Equal(CodeErrorKind.LowerCasePrefix, error.Kind);
        Assert.Equal(1, error.Position);
        Assert.Contains("lower-case", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_rejects_surrounding_whitespace_naming_the_position()
    {
        Assert.False(ConsumableCode.TryParse(" C0311160800200706410123456", out _, out var error));
        Assert.Equal(CodeErrorKind.Whitespace, error.Kind);
        Assert.Equal(1, error.Position);
    }

    [Fact]
    public void Parse_rejects_full_width_digits()
    {
        Assert.False(ConsumableCode.TryParse("C031116080020070641012345６７", out _, out var error));
        Assert.Equal(CodeErrorKind.NonDigit, error.Kind);
        Assert.Equal(26, error.Position);
    }

    [Fact]
    public void Parse_rejects_wrong_length()
    {
        Assert.False(ConsumableCode.TryParse("C03111608002007", out _, out var error));
        Assert.Equal(CodeErrorKind.WrongLength, error.Kind);
        Assert.Equal(27, error.ExpectedLength);
        Assert.Equal(15, error.ActualLength);
    }

    [Fact]
    public void Parse_of_null_string_throws_ArgumentNullException_and_TryParse_returns_false()
    {
        Assert.Throws<ArgumentNullException>(() => ConsumableCode.Parse((string)null!));
        Assert.False(ConsumableCode.TryParse((string?)null, out _));
    }

    [Fact]
    public void Catalogue_code_owns_its_consumable_codes_only()
    {
        var catalogue = CatalogueCode.Parse(BonePlateCatalogue);

        Assert.True(catalogue.Contains(ConsumableCode.Parse(BonePlateCatalogue + "064101234567")));
        Assert.False(catalogue.Contains(ConsumableCode.Parse(StentCatalogue + "047440000001")));
    }

    [Fact]
    public void Generic_name_class_owns_its_catalogue_codes()
    {
        var generic = GenericNameClass.Parse("C031116080");

        Assert.True(generic.Contains(CatalogueCode.Parse(BonePlateCatalogue)));
        Assert.False(generic.Contains(CatalogueCode.Parse(StentCatalogue)));
    }

    [Fact]
    public void Codes_work_as_span_parsable_generic_arguments()
    {
        Assert.Equal(BonePlateCatalogue, ParseGeneric<CatalogueCode>(BonePlateCatalogue).ToString());
        Assert.Equal("C031116080", ParseGeneric<GenericNameClass>("C031116080").ToString());

        static T ParseGeneric<T>(string s) where T : ISpanParsable<T> => T.Parse(s.AsSpan(), null);
    }

    [Fact]
    public void TryFormat_fails_on_a_short_buffer_and_writes_the_code_otherwise()
    {
        var code = ConsumableCode.Parse(BonePlateCatalogue + "064101234567");
        Span<char> small = stackalloc char[26];
        Span<char> exact = stackalloc char[27];

        Assert.False(code.TryFormat(small, out var none));
        Assert.Equal(0, none);
        Assert.True(code.TryFormat(exact, out var written));
        Assert.Equal(BonePlateCatalogue + "064101234567", exact[..written].ToString());
    }
}
