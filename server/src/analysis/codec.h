// Skin analyses between the analyzer, the store's rows and the contract:
// the proto of a fresh or stored analysis, the measurements as stored.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "analysis/skin_rules.h"
#include "analysis/skin_store.h"
#include "stylist/v1/analysis.pb.h"
#include "stylist_ml/skin_analyzer.h"

namespace stylist::analysis {

v1::SkinPhotoIssue IssueOf(ml::SkinPhotoIssue issue);
// The contract's skin type of the analyzer's name; UNSPECIFIED for others.
v1::SkinType SkinTypeOf(const std::string& name);
// The parts of an analysis that the rules derive (type, conditions, score,
// chapter, disclaimer), shared by fresh and stored analyses.
void FillDerived(v1::SkinAnalysis* a, const std::string& skin_type, float confidence, const ConditionProbabilities& p,
                 int score, int chapter);
// A stored analysis as the contract shows it.
v1::SkinAnalysis FromStored(const SkinStore::Analysis& stored);
// The analyzer's measurements, as the store keeps them (JSON).
nlohmann::json MeasurementsJson(const ml::SkinMeasurements& m);

}  // namespace stylist::analysis
