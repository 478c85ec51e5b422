package dev.acmstream.asr.text;

import java.util.List;
import java.util.Random;

/**
 * Generates the phrases of call-centre and phone-system audio: menus, holds, transfers,
 * voicemail, conferences, account and phone numbers, dates, times and money, in many wordings.
 * Written from scratch for this project; it shares nothing with any recorded prompt set.
 * Output is written English (digits, symbols), to be normalized like every other source.
 */
public final class CallCentrePhrases {
    private static final List<String> DEPARTMENTS = List.of("sales", "billing", "technical support", "customer service",
            "accounts", "returns", "shipping", "claims", "reservations", "the front desk", "human resources",
            "payroll", "the help desk", "an operator", "collections", "new accounts", "repairs", "member services",
            "the pharmacy", "appointments", "the service department", "parts", "order status", "cancellations");
    private static final List<String> THINGS = List.of("account", "order", "reservation", "claim", "ticket", "booking",
            "policy", "case", "invoice", "subscription", "membership", "application", "appointment", "payment",
            "refund", "delivery", "prescription", "warranty", "contract", "request");
    private static final List<String> KEYS = List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "star", "pound");
    private static final List<String> DAYS = List.of("Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
            "Saturday", "Sunday");
    private static final List<String> MONTHS = List.of("January", "February", "March", "April", "May", "June",
            "July", "August", "September", "October", "November", "December");
    private static final List<String> NAMES = List.of("James", "Mary", "Robert", "Patricia", "John", "Jennifer",
            "Michael", "Linda", "David", "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica",
            "Thomas", "Sarah", "Carlos", "Karen", "Daniel", "Nancy", "Matthew", "Lisa", "Anthony", "Betty", "Mark",
            "Sandra", "Priya", "Ashley", "Steven", "Kimberly", "Andrew", "Emily", "Kevin", "Donna", "Brian", "Michelle",
            "Wei", "Carol", "Ahmed", "Amanda", "Tyler", "Melissa", "Aaron", "Deborah", "Omar", "Laura", "Jose", "Rachel");
    private static final List<String> SURNAMES = List.of("Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia",
            "Miller", "Davis", "Rodriguez", "Martinez", "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Jackson",
            "Martin", "Lee", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen",
            "King", "Wright", "Scott", "Nguyen", "Hill", "Green", "Adams", "Baker", "Nelson", "Carter", "Mitchell",
            "Patel", "Campbell", "Parker", "Evans", "Edwards", "Collins", "Stewart", "Morris", "Murphy", "Cook");
    private static final List<String> COMPANIES = List.of("Acme", "Northwind", "Blue Ridge", "Summit", "Harbor",
            "Pioneer", "Evergreen", "Lakeside", "Redwood", "Silver Line", "Metro", "Sunrise", "Keystone", "Riverbend");
    private static final List<String> PRODUCTS = List.of("router", "phone", "laptop", "printer", "modem", "television",
            "washing machine", "water heater", "thermostat", "car", "credit card", "internet service", "cable box",
            "tablet", "camera", "mattress", "refrigerator", "headset", "smart watch", "insurance policy");
    private static final List<String> PROBLEMS = List.of("is not working", "keeps disconnecting", "will not turn on",
            "arrived damaged", "was charged twice", "has not arrived", "is making a strange noise", "stopped charging",
            "shows an error message", "is running slowly", "was the wrong size", "keeps restarting");
    private static final List<String> LETTERS_NATO = List.of("alpha", "bravo", "charlie", "delta", "echo", "foxtrot",
            "golf", "hotel", "india", "juliet", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo",
            "sierra", "tango", "uniform", "victor", "whiskey", "x-ray", "yankee", "zulu");

    private final Random rnd;

    public CallCentrePhrases(long seed) {
        this.rnd = new Random(seed);
    }

    /** The next phrase, in written form. */
    public String next() {
        switch (rnd.nextInt(16)) {
            case 0: return menu();
            case 1: return hold();
            case 2: return transfer();
            case 3: return voicemail();
            case 4: return conference();
            case 5: return account();
            case 6: return phoneNumber();
            case 7: return dateTime();
            case 8: return money();
            case 9: return agentLine();
            case 10: return customerLine();
            case 11: return shortResponse();
            case 12: return digitsAndNumbers();
            case 13: return spelling();
            case 14: return greetingOrClosing();
            default: return errorsAndInstructions();
        }
    }

    private String pick(List<String> l) {
        return l.get(rnd.nextInt(l.size()));
    }

    private String pick(String... options) {
        return options[rnd.nextInt(options.length)];
    }

    private String digits(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(rnd.nextInt(10));
        }
        return sb.toString();
    }

    /** Digits read one by one, as spoken in account and phone numbers. */
    private String spaced(String ds) {
        return String.join(" ", ds.split(""));
    }

    private String key() {
        return pick(KEYS);
    }

    private String menu() {
        String k = key();
        String d = pick(DEPARTMENTS);
        switch (rnd.nextInt(8)) {
            case 0: return "For " + d + ", press " + k + ".";
            case 1: return "To reach " + d + ", please press " + k + " now.";
            case 2: return "If you know your party's extension, you may dial it at any time.";
            case 3: return "Press " + k + " to " + pick("repeat these options", "return to the main menu", "speak with a representative",
                    "check your balance", "make a payment", "hear your options again", "leave a message", "cancel");
            case 4: return "For " + d + " press " + k + ", for " + pick(DEPARTMENTS) + " press " + key() + ", or stay on the line for an operator.";
            case 5: return "Please listen carefully, as our menu options have " + pick("changed", "recently changed", "been updated") + ".";
            case 6: return "Enter your " + pick("account number", "member id", "zip code", "date of birth", "extension", "pin", "password", "order number")
                    + pick(", followed by the pound key.", " and then press pound.", ", then press star when you are done.", ".");
            default: return "Say or press " + k + " for " + d + ".";
        }
    }

    private String hold() {
        switch (rnd.nextInt(7)) {
            case 0: return "Please hold while I " + pick("look that up", "check on that", "transfer you", "pull up your " + pick(THINGS), "connect you") + ".";
            case 1: return "Your call is important to us. Please stay on the line.";
            case 2: return "All of our representatives are currently " + pick("busy", "assisting other callers", "helping other customers") + ".";
            case 3: return "Your estimated wait time is " + (1 + rnd.nextInt(25)) + " minutes.";
            case 4: return "You are caller number " + (1 + rnd.nextInt(15)) + " in the queue.";
            case 5: return "Thank you for holding. " + pick("An agent will be with you shortly.", "We will be right with you.", "Your call will be answered in the order it was received.");
            default: return "Can I put you on hold for " + pick("a moment", "just a minute", "two minutes", "a second") + "?";
        }
    }

    private String transfer() {
        switch (rnd.nextInt(6)) {
            case 0: return "I am going to transfer you to " + pick(DEPARTMENTS) + " now.";
            case 1: return "Please wait while your call is transferred.";
            case 2: return "Transferring you to extension " + (100 + rnd.nextInt(9000)) + ".";
            case 3: return "The transfer " + pick("failed", "did not go through", "was not completed") + ". Please try again.";
            case 4: return "I will connect you with my " + pick("supervisor", "manager", "colleague", "team lead") + ", " + pick(NAMES) + ".";
            default: return "Please hold, I am connecting your call.";
        }
    }

    private String voicemail() {
        switch (rnd.nextInt(9)) {
            case 0: return "You have " + rnd.nextInt(12) + " new " + pick("messages", "voice messages") + " and " + rnd.nextInt(30) + " saved messages.";
            case 1: return "Please leave your message after the tone. When you are finished, hang up or press pound.";
            case 2: return "The mailbox " + pick("is full", "has not been set up", "you are trying to reach is not available") + ".";
            case 3: return "To listen to your messages, press " + key() + ". To change your greeting, press " + key() + ".";
            case 4: return "Message " + (1 + rnd.nextInt(9)) + ", received " + pick(DAYS) + " at " + (1 + rnd.nextInt(12)) + ":" + String.format("%02d", rnd.nextInt(60)) + " " + pick("a m", "p m") + ".";
            case 5: return "Message " + pick("deleted", "saved", "forwarded", "marked as new") + ".";
            case 6: return "Please enter your password, followed by the pound key.";
            case 7: return "Hi, this is " + pick(NAMES) + " from " + pick(COMPANIES) + ", please call me back at your earliest convenience.";
            default: return "Your greeting has been " + pick("recorded", "changed", "erased") + ".";
        }
    }

    private String conference() {
        switch (rnd.nextInt(7)) {
            case 0: return "There are " + (2 + rnd.nextInt(20)) + " other participants in this conference.";
            case 1: return "You are currently the only " + pick("person", "caller", "participant") + " on this call.";
            case 2: return "Please enter your conference " + pick("code", "pin", "room number") + ", then press pound.";
            case 3: return "You are now " + pick("muted", "unmuted") + ".";
            case 4: return "The conference is " + pick("locked", "unlocked", "about to end", "being recorded") + ".";
            case 5: return pick(NAMES) + " has " + pick("joined", "left") + " the conference.";
            default: return "Please wait, the leader has not yet " + pick("joined", "arrived", "started the meeting") + ".";
        }
    }

    private String account() {
        String n = digits(4 + rnd.nextInt(7));
        switch (rnd.nextInt(5)) {
            case 0: return "My account number is " + spaced(n) + ".";
            case 1: return "The " + pick(THINGS) + " number is " + spaced(n) + ", is that correct?";
            case 2: return "I have your " + pick(THINGS) + " ending in " + spaced(digits(4)) + ".";
            case 3: return "Your confirmation number is " + spaced(n) + ". Again, that is " + spaced(n) + ".";
            default: return "Can you read me the last " + pick("four", "five", "six") + " digits of your " + pick("card", "account", "social security number", "policy") + "?";
        }
    }

    private String phoneNumber() {
        String area = (2 + rnd.nextInt(8)) + digits(2);
        String num = spaced(area) + ", " + spaced(digits(3)) + ", " + spaced(digits(4));
        switch (rnd.nextInt(4)) {
            case 0: return "You can reach me at " + num + ".";
            case 1: return "The number you have dialed, " + num + ", is " + pick("not in service", "busy", "not available", "disconnected") + ".";
            case 2: return "Please call us back at " + num + pick(", extension " + (100 + rnd.nextInt(900)), "") + ".";
            default: return "Is " + num + " still the best number to reach you?";
        }
    }

    private String dateTime() {
        int day = 1 + rnd.nextInt(28);
        String date = pick(MONTHS) + " " + day + pick("st", "th", "");
        if (date.endsWith("st") && day != 1 && day != 21) {
            date = date.substring(0, date.length() - 2) + "th";
        }
        String time = (1 + rnd.nextInt(12)) + ":" + pick("00", "15", "30", "45", String.format("%02d", rnd.nextInt(60)));
        switch (rnd.nextInt(7)) {
            case 0: return "Your appointment is on " + pick(DAYS) + ", " + pick(MONTHS) + " " + day + ", at " + time + ".";
            case 1: return "Our office hours are " + pick(DAYS) + " through " + pick(DAYS) + ", " + (7 + rnd.nextInt(4)) + " a m to " + (4 + rnd.nextInt(5)) + " p m.";
            case 2: return "The payment is due on " + date + ".";
            case 3: return "At the tone, the time will be " + time + " " + pick("a m", "p m") + ".";
            case 4: return "Your " + pick(THINGS) + " was " + pick("received", "processed", "shipped", "updated") + " on " + date + ", " + (1990 + rnd.nextInt(40)) + ".";
            case 5: return "Today is " + pick(DAYS) + ".";
            default: return "Can we schedule that for " + pick("tomorrow", "next week", "this afternoon", pick(DAYS)) + " at " + time + "?";
        }
    }

    private String money() {
        String amount = "$" + rnd.nextInt(rnd.nextBoolean() ? 100 : 5000) + (rnd.nextBoolean() ? "." + String.format("%02d", rnd.nextInt(100)) : "");
        switch (rnd.nextInt(5)) {
            case 0: return "Your current balance is " + amount + ".";
            case 1: return "A payment of " + amount + " was " + pick("received", "applied to your account", "declined", "scheduled") + ".";
            case 2: return "The total comes to " + amount + ", including tax.";
            case 3: return "You have a credit of " + amount + " on your account.";
            default: return "I can offer you a discount of " + (5 + rnd.nextInt(45)) + "% on your next " + pick("bill", "order", "month") + ".";
        }
    }

    private String agentLine() {
        switch (rnd.nextInt(10)) {
            case 0: return "Thank you for calling " + pick(COMPANIES) + ", this is " + pick(NAMES) + ", how can I help you today?";
            case 1: return "Can I have your " + pick("name", "full name", "date of birth", "email address", "zip code", "account number") + ", please?";
            case 2: return "I am sorry to hear that your " + pick(PRODUCTS) + " " + pick(PROBLEMS) + ".";
            case 3: return "Let me see what I can do for you.";
            case 4: return "I have " + pick("updated", "cancelled", "renewed", "refunded", "found") + " your " + pick(THINGS) + ".";
            case 5: return "Is there anything else I can help you with today?";
            case 6: return "For security purposes, can you verify " + pick("your address", "the last four digits of your card", "your date of birth", "your security question") + "?";
            case 7: return "This call may be recorded for quality and training purposes.";
            case 8: return "I understand your frustration, and I apologize for the inconvenience.";
            default: return "You should receive " + pick("an email", "a text message", "a letter", "a confirmation") + " within " + (1 + rnd.nextInt(10)) + " business days.";
        }
    }

    private String customerLine() {
        switch (rnd.nextInt(9)) {
            case 0: return "Hi, I am calling about my " + pick(PRODUCTS) + ". It " + pick(PROBLEMS) + ".";
            case 1: return "I would like to " + pick("cancel", "change", "check on", "update", "pay") + " my " + pick(THINGS) + ".";
            case 2: return "Yes, my name is " + pick(NAMES) + " " + pick(SURNAMES) + ".";
            case 3: return "I have been on hold for " + (5 + rnd.nextInt(50)) + " minutes.";
            case 4: return "Can I speak to a " + pick("manager", "supervisor", "real person", "human") + ", please?";
            case 5: return "I was charged " + "$" + (10 + rnd.nextInt(300)) + " but I never ordered anything.";
            case 6: return "My " + pick(THINGS) + " number is " + spaced(digits(6 + rnd.nextInt(4))) + ".";
            case 7: return "When will my " + pick(THINGS) + " be " + pick("ready", "shipped", "processed", "approved") + "?";
            default: return "I live at " + (1 + rnd.nextInt(9999)) + " " + pick(SURNAMES) + " " + pick("Street", "Avenue", "Road", "Lane", "Drive", "Court") + ".";
        }
    }

    private String shortResponse() {
        return pick("Yes.", "No.", "Okay.", "Thank you.", "Goodbye.", "Hello?", "Sure.", "Of course.", "Please.",
                "One moment.", "Sorry?", "That is correct.", "That is not correct.", "Invalid entry.", "Please try again.",
                "Good morning.", "Good afternoon.", "Good evening.", "Thanks for calling.", "Have a nice day.",
                "You're welcome.", "I'm sorry.", "Hold on.", "Go ahead.", "Absolutely.", "Correct.", "Cancel.",
                "Main menu.", "Representative.", "Operator.", "Agent.", "Billing.", "Help.", "Repeat.", "Continue.",
                "Not now.", "Call me back.", "Speak louder please.", "I can't hear you.", "Are you still there?");
    }

    private String digitsAndNumbers() {
        switch (rnd.nextInt(8)) {
            case 0: return String.valueOf(rnd.nextInt(10));
            case 1: return spaced(digits(2 + rnd.nextInt(6)));
            case 2: return String.valueOf(rnd.nextInt(100));
            case 3: return String.valueOf(rnd.nextInt(rnd.nextBoolean() ? 1000 : 1_000_000));
            case 4: return (1 + rnd.nextInt(31)) + pick("st", "th") ;
            case 5: return pick("minus ", "plus ", "") + rnd.nextInt(100) + (rnd.nextBoolean() ? "." + rnd.nextInt(10) : "");
            case 6: return String.valueOf(rnd.nextInt(20)) + " " + pick("hours", "minutes", "seconds", "days", "weeks", "months", "years", "items", "calls", "dollars", "cents", "percent");
            default: return "Number " + (1 + rnd.nextInt(99)) + ".";
        }
    }

    private String spelling() {
        String name = pick(SURNAMES).toLowerCase();
        switch (rnd.nextInt(4)) {
            case 0: return "That is " + String.join(" ", name.split("")) + ".";
            case 1: return pick(LETTERS_NATO) + " " + pick(LETTERS_NATO) + " " + digits(1) + " " + pick(LETTERS_NATO);
            case 2: {
                String letter = name.substring(0, 1);
                return letter + " as in " + pick(NAMES) + ".";
            }
            default: return "The code is " + (char) ('a' + rnd.nextInt(26)) + " " + spaced(digits(3)) + " " + (char) ('a' + rnd.nextInt(26)) + ".";
        }
    }

    private String greetingOrClosing() {
        switch (rnd.nextInt(6)) {
            case 0: return pick("Welcome to ", "Thank you for calling ", "You have reached ") + pick(COMPANIES) + pick(".", " customer service.", " support.");
            case 1: return "Our offices are now closed. Please call back during normal business hours.";
            case 2: return "Thank you for your " + pick("patience", "call", "business", "time") + ". Goodbye.";
            case 3: return "Please stay on the line to take a short survey about your experience.";
            case 4: return "If this is an emergency, please hang up and dial 911.";
            default: return "For faster service, visit our website or use our mobile app.";
        }
    }

    private String errorsAndInstructions() {
        switch (rnd.nextInt(6)) {
            case 0: return "I'm sorry, I didn't " + pick("understand", "get", "catch") + " that.";
            case 1: return "That " + pick("entry", "number", "code", "password", "extension") + " is " + pick("invalid", "not valid", "incorrect", "not recognized") + ".";
            case 2: return "Please " + pick("hang up and try your call again", "check the number and dial again", "try again later", "wait for the dial tone") + ".";
            case 3: return "You have " + (1 + rnd.nextInt(3)) + " attempts remaining.";
            case 4: return "Your " + pick("call", "session", "request") + " has " + pick("timed out", "expired", "been cancelled", "been completed") + ".";
            default: return "We are experiencing " + pick("higher than normal call volume", "technical difficulties", "an outage in your area") + ".";
        }
    }
}
