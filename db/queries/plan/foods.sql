SELECT id, name, role, energy_kcal, protein_g, fat_g, carbs_g, to_json(meals)::text, to_json(diets)::text,
       to_json(allergens)::text
FROM foods ORDER BY id
