#include "noai_robots_json_purpose.hpp"

#include "noai_text.hpp"

namespace noai {

namespace {

struct FunctionPurpose {
    std::string_view function;
    Purpose purpose;
};

// Rules for deciding: training when the data trains models or is collected,
// sold or provided to others (they cannot promise it is not trained on);
// ai-input when the fetch answers a person's request, feeds AI search or
// assistants, or acts for a user; training when the text says nothing usable
// (the safe default). Link previews are search: they bring people to the site.
constexpr FunctionPurpose kFunctions[] = {
    // The category names of newer entries.
    {"AI Data Scrapers", Purpose::training},
    {"AI Data Providers", Purpose::training},      // Diffbot, Bright Data, Apify, Firecrawl: data for others
    {"Undocumented AI Agents", Purpose::training}, // use unknown: refused
    {"AI Assistants", Purpose::ai_input},
    {"AI Search Crawlers", Purpose::ai_input},
    {"AI Agents", Purpose::ai_input},
    {"AI Coding Agents", Purpose::ai_input},       // agents acting for a user
    {"AI data scraper", Purpose::training},

    // Older entries' sentences: training.
    {"LLM training.", Purpose::training},
    {"LLM/AI training.", Purpose::training},
    {"AI model training.", Purpose::training},
    {"AI LLM Scraper.", Purpose::training},
    {"Training language models", Purpose::training},
    {"Training language models and improving AI products", Purpose::training},
    {"Used to train models and improve products.", Purpose::training},
    {"Content is used to train open language models.", Purpose::training},
    {"Scrapes data to train Anthropic's AI products.", Purpose::training},
    {"Scrapes data to train OpenAI's products.", Purpose::training},
    {"Scrapes data to train and support AI technologies.", Purpose::training},
    {"Scrapes data to train machine learning models.", Purpose::training},
    {"Scrapes data for use in training LLMs.", Purpose::training},
    {"Scrapes data for a variety of uses including training AI.", Purpose::training},
    {"Extracts data for a variety of uses including training AI.", Purpose::training},
    {"Scrapes images for use in LLMs.", Purpose::training},
    {"Scrapes data for business data sets and machine learning models.", Purpose::training},
    {"We are using the data from the crawler to build datasets for machine learning experiments.",
     Purpose::training},
    {"Provides open crawl dataset, used for many purposes, including Machine Learning/AI.", Purpose::training},
    {"AI tools and models for machine learning research.", Purpose::training},         // LAION
    {"AI research crawler", Purpose::training},
    {"AI powered translation service", Purpose::training},   // Linguee: gathers training data
    {"Uses data gathered in AI development and information analysis.", Purpose::training},
    {"A massive, artificial intelligence/machine learning, automated system.", Purpose::training},
    {"Data is sold.", Purpose::training},
    {"Data collection and analysis using machine learning and AI.", Purpose::training},
    {"ImageSiftBot is a web crawler that scrapes the internet for publicly available images to support "
     "their suite of web intelligence products",
     Purpose::training},
    // Amazon says Amazonbot's data may train its models, beside Alexa answers.
    {"Service improvement and enabling answers for Alexa users.", Purpose::training},
    // Apple: Applebot-Extended controls use for training its foundation models.
    {"Powers features in Siri, Spotlight, Safari, Apple Intelligence, and others.", Purpose::training},
    // Unclear: refused as training.
    {"Scrapes data.", Purpose::training},                     // GoogleOther: product teams, R&D
    {"Unclear at this time.", Purpose::training},
    {"Data Scraper from RSS Feeds.", Purpose::training},      // republishes scraped news
    {"Data collection to support AI-powered products.", Purpose::training},
    {"Company offers AI detection, writing tools and other services.", Purpose::training},
    {"Insights on AI integration and automation.", Purpose::training},
    {"According to the [Meltwater Consumer Intelligence page](https://www.meltwater.com/en/suite/"
     "consumer-intelligence) 'By applying AI, data science, and market research expertise to a live feed "
     "of global data sources, we transform unstructured data into actionable insights allowing better "
     "decision-making'.",
     Purpose::training},

    // Older entries' sentences: ai-input.
    {"Search result generation.", Purpose::ai_input},          // OAI-SearchBot, PerplexityBot
    {"Collects data for AI search", Purpose::ai_input},
    {"Collects data for AI natural language search", Purpose::ai_input},
    {"Search engine using generative AI, AI Search Assistant", Purpose::ai_input},
    {"AI search, assistants and agents", Purpose::ai_input},
    {"Claude-SearchBot navigates the web to improve search result quality for users. It analyzes online "
     "content specifically to enhance the relevance and accuracy of search responses.",
     Purpose::ai_input},
    {"Retrieves data to provide responses to user-initiated prompts.", Purpose::ai_input},
    {"Crawls sites to provide answers to user queries.", Purpose::ai_input},
    {"Takes action based on user prompts.", Purpose::ai_input},
    {"AI Learning Companion", Purpose::ai_input},
    {"Live chat support and lead generation.", Purpose::ai_input},  // an AI chatbot plugin
    {"Scrapes data for search engine and LLMs.", Purpose::ai_input},  // You.com's AI search
    {"Scrapes/analyzes data for the YandexGPT LLM.", Purpose::ai_input},  // YandexGPT quick answers
    {"Used to provide recommendations in Hauwei assistant and AI search services.", Purpose::ai_input},
    // Fetched for one customer's own AI application, on that customer's request.
    {"Data scraping for custom AI applications.", Purpose::ai_input},                     // bedrockbot
    {"Build and manage AI models for businesses employing Vertex AI", Purpose::ai_input},  // Vertex AI Agents
    {"Used as part of AI apps developed by users of Google's Firebase AI products.", Purpose::ai_input},
    {"Crawls your site for ContentShake AI tool.", Purpose::ai_input},
    {"Checks URLs on your site for SEO Writing Assistant.", Purpose::ai_input},

    // Link previews (facebookexternalhit): they bring people to the site.
    {"Ostensibly only for sharing, but likely used as an AI crawler as well", Purpose::search},
};

// Search engines' own crawlers that ai.robots.txt lists among AI agents.
constexpr std::string_view kSearchEngineCrawlers[] = {"Applebot", "Bravebot", "PetalBot"};

}  // namespace

std::optional<Purpose> purpose_of_robots_json_function(std::string_view function) noexcept {
    function = trim(function);
    for (const FunctionPurpose& f : kFunctions)
        if (equals_ignore_case(f.function, function)) return f.purpose;
    return std::nullopt;
}

Purpose purpose_of_robots_json_entry(std::string_view name, std::string_view function) noexcept {
    for (std::string_view search : kSearchEngineCrawlers)
        if (equals_ignore_case(search, name)) return Purpose::search;
    return purpose_of_robots_json_function(function).value_or(Purpose::training);
}

}  // namespace noai
