using System.Diagnostics.CodeAnalysis;

namespace RecsysBatch.Core.Tables;

/// <summary>Column types every warehouse maps to its own SQL types (DuckDB and PostgreSQL alike).</summary>
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The members name the CLR type each column carries.")]
public enum ColumnType
{
    /// <summary>Text (VARCHAR / text). CLR: string.</summary>
    String,

    /// <summary>32-bit integer. CLR: int.</summary>
    Int32,

    /// <summary>64-bit integer. CLR: long.</summary>
    Int64,

    /// <summary>Double precision. CLR: double; NaN is written as NULL.</summary>
    Double,

    /// <summary>Boolean. CLR: bool.</summary>
    Boolean,

    /// <summary>Calendar date. CLR: DateOnly.</summary>
    Date,

    /// <summary>UTC timestamp. CLR: DateTime (Kind Utc).</summary>
    Timestamp,

    /// <summary>Array of single-precision floats (embeddings). CLR: float[].</summary>
    FloatArray,
}
