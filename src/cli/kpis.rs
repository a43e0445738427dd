//! `sscp kpis`: the U4SSC KPI catalogue.

use sscp::kpi::Catalogue;

/// Prints the catalogue, one KPI a line.
pub fn kpis() {
    let catalogue = Catalogue::get();
    say!(
        "{:<18} {:<9} {:<20} {:<38} NAME",
        "CODE",
        "TYPE",
        "DIMENSION",
        "SUB-DIMENSION / CATEGORY"
    );
    for k in &catalogue.kpis {
        let tier = match k.tier {
            sscp::kpi::Tier::Core => "core",
            sscp::kpi::Tier::Advanced => "advanced",
        };
        let place = format!("{} / {}", k.sub_dimension, k.category);
        let points = if k.data_points.is_empty() {
            String::new()
        } else {
            format!(
                " [data points: {}]",
                k.data_points
                    .iter()
                    .map(|d| d.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        say!(
            "{:<18} {:<9} {:<20} {:<38} {}{points}",
            k.code,
            tier,
            k.dimension.name(),
            place,
            k.name
        );
    }
    say!("{} KPIs", catalogue.kpis.len());
}
