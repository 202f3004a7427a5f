namespace Consumables.Rules.Catalogue;

/// <summary>The payment category of a catalogue entry (支付类别), mapped to the platform's <c>chrgitm_lv</c>.</summary>
public enum PaymentCategory
{
    /// <summary>Class A (甲类): paid by the fund with no pre-self-pay; platform level <c>01</c>.</summary>
    A = 1,

    /// <summary>Class B (乙类): paid by the fund after a pre-self-pay ratio; platform level <c>02</c>.</summary>
    B = 2,

    /// <summary>Class C (丙类): not paid by the fund, fully self-paid; platform level <c>03</c>.</summary>
    C = 3,
}
